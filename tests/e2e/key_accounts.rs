//! KA-1..4 through GraphQL: admission, pre-review and decision, annual
//! plans, quarterly evaluations, and who may do what (ORG-3).

use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::access::assert_matrix;
use crate::e2e::complaints::insert_customer;

mod plans;

const APPLY: &str = "mutation($i: ApplyForKeyAccountInput!) { applyForKeyAccount(input: $i) { id version status } }";
const PREREVIEW: &str = "mutation($id: ID!, $v: Int!, $ok: Boolean!, $r: String) {
    prereviewKeyAccount(id: $id, version: $v, approve: $ok, reason: $r) { status version rejectionReason } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!, $ok: Boolean!, $r: String, $k: KaClass) {
    decideKeyAccount(id: $id, version: $v, approve: $ok, reason: $r, kaClass: $k) { status version } }";

fn application(customer: &str) -> Value {
    json!({"customerId": customer, "cooperationIntent": "三年框架协议", "expectedAnnualRevenue": "800000",
           "requestedClass": "IMPORTANT", "goodCredit": true, "clearNeeds": true,
           "agreesWithOffering": true, "fitsStrategy": true})
}

/// Applications, their audit rows, customer audit rows, key accounts.
async fn counts(app: &TestApp) -> [i64; 4] {
    [
        app.count("SELECT count(*) FROM ka_applications").await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'KA_APPLICATION'")
            .await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER'")
            .await,
        app.count("SELECT count(*) FROM customers WHERE key_account")
            .await,
    ]
}

async fn apply(app: &TestApp, token: &str, i: Value) -> String {
    let r = app.gql(Some(token), APPLY, json!({"i": i})).await;
    assert_ok(&r);
    r["data"]["applyForKeyAccount"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn expect(app: &TestApp, token: &str, q: &str, vars: Value, code: &str, field: Option<&str>) {
    let before = counts(app).await;
    let status = app
        .count("SELECT count(*) FROM ka_applications WHERE status = 'PENDING_PREREVIEW'")
        .await;
    let r = app.gql(Some(token), q, vars).await;
    assert_code(&r, code);
    if let Some(f) = field {
        assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
    }
    assert_eq!(counts(app).await, before, "nothing changed");
    assert_eq!(
        app.count("SELECT count(*) FROM ka_applications WHERE status = 'PENDING_PREREVIEW'")
            .await,
        status
    );
}

#[tokio::test]
async fn ka1_application_refuses_unmet_criteria_low_revenue_and_duplicates() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "上海华东机械", Some("rep01@example.com")).await;
    let other = insert_customer(&app, "广州南方", Some("rep03@example.com")).await;
    let rep01 = app.login("rep01@example.com").await;
    let with = |k: &str, v: Value| {
        let mut i = application(&cust);
        i[k] = v;
        json!({"i": i})
    };
    for (k, v, code, field) in [
        ("goodCredit", json!(false), "VALIDATION", Some("goodCredit")),
        (
            "fitsStrategy",
            json!(false),
            "VALIDATION",
            Some("fitsStrategy"),
        ),
        (
            "expectedAnnualRevenue",
            json!("499999.99"),
            "VALIDATION",
            Some("expectedAnnualRevenue"),
        ),
        (
            "expectedAnnualRevenue",
            json!("-1"),
            "VALIDATION",
            Some("expectedAnnualRevenue"),
        ),
        ("expectedAnnualRevenue", json!(800000), "VALIDATION", None),
        (
            "cooperationIntent",
            json!(""),
            "VALIDATION",
            Some("cooperationIntent"),
        ),
        ("requestedClass", json!("GOLD"), "VALIDATION", None),
    ] {
        expect(&app, &rep01, APPLY, with(k, v), code, field).await;
    }
    // Another team's customer is not there (ORG-3); nor for finance.
    expect(
        &app,
        &rep01,
        APPLY,
        json!({"i": application(&other)}),
        "NOT_FOUND",
        None,
    )
    .await;
    let finance = app.login("finance@example.com").await;
    expect(
        &app,
        &finance,
        APPLY,
        json!({"i": application(&cust)}),
        "NOT_FOUND",
        None,
    )
    .await;
    // One pending application per customer.
    apply(&app, &rep01, application(&cust)).await;
    expect(
        &app,
        &rep01,
        APPLY,
        json!({"i": application(&cust)}),
        "CONFLICT",
        None,
    )
    .await;
    // An existing key account cannot apply again.
    let ka = insert_customer(&app, "苏州电子", Some("rep01@example.com")).await;
    sqlx::query(
        "UPDATE customers SET key_account = true, ka_class = 'GENERAL' WHERE id = $1::uuid",
    )
    .bind(&ka)
    .execute(&app.db.pool)
    .await
    .unwrap();
    expect(
        &app,
        &rep01,
        APPLY,
        json!({"i": application(&ka)}),
        "CONFLICT",
        None,
    )
    .await;
    assert_eq!(counts(&app).await[..2], [1, 1]);
}

#[tokio::test]
async fn ka2_prereview_then_decision_with_steps_roles_and_own_applications() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "宁波港机", Some("rep01@example.com")).await;
    let rep01 = app.login("rep01@example.com").await;
    let sup = app.login("supervisor.east1@example.com").await;
    let east = app.login("manager.east@example.com").await;
    let south = app.login("manager.south@example.com").await;
    let director = app.login("director@example.com").await;
    let gm = app.login("gm@example.com").await;
    let id = apply(&app, &rep01, application(&cust)).await;
    let v = |v: i32, ok: bool, r: Option<&str>| json!({"id": id, "v": v, "ok": ok, "r": r});
    // Deciding before the pre-review is the wrong step.
    expect(&app, &director, DECIDE, v(1, true, None), "CONFLICT", None).await;
    // Who may pre-review: not the applicant, not a supervisor; the other
    // region's manager does not see it.
    expect(&app, &rep01, PREREVIEW, v(1, true, None), "FORBIDDEN", None).await;
    expect(&app, &sup, PREREVIEW, v(1, true, None), "FORBIDDEN", None).await;
    expect(&app, &south, PREREVIEW, v(1, true, None), "NOT_FOUND", None).await;
    expect(
        &app,
        &east,
        PREREVIEW,
        v(1, false, None),
        "VALIDATION",
        Some("reason"),
    )
    .await;
    expect(&app, &east, PREREVIEW, v(7, true, None), "CONFLICT", None).await;
    let r = app.gql(Some(&east), PREREVIEW, v(1, true, None)).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["prereviewKeyAccount"]["status"],
        "PENDING_APPROVAL"
    );
    // Pre-reviewing again is the wrong step; the manager cannot decide.
    expect(&app, &east, PREREVIEW, v(2, true, None), "CONFLICT", None).await;
    expect(&app, &east, DECIDE, v(2, true, None), "FORBIDDEN", None).await;
    expect(
        &app,
        &director,
        DECIDE,
        v(2, false, Some(" ")),
        "VALIDATION",
        Some("reason"),
    )
    .await;
    let before = counts(&app).await;
    let r = app
        .gql(
            Some(&gm),
            DECIDE,
            json!({"id": id, "v": 2, "ok": true, "k": "STRATEGIC_PARTNER"}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["decideKeyAccount"]["status"], "APPROVED");
    assert_eq!(
        counts(&app).await,
        [before[0], before[1] + 1, before[2] + 1, before[3] + 1]
    );
    let (ka, class, version): (bool, Option<String>, i32) =
        sqlx::query_as("SELECT key_account, ka_class, version FROM customers WHERE id = $1::uuid")
            .bind(&cust)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (ka, class.as_deref(), version),
        (true, Some("STRATEGIC_PARTNER"), 2)
    );
    expect(&app, &director, DECIDE, v(3, true, None), "CONFLICT", None).await;

    // Nobody approves their own application: the director applies.
    let c2 = insert_customer(&app, "无锡重工", Some("rep02@example.com")).await;
    let id2 = apply(&app, &director, application(&c2)).await;
    let v2 = |v: i32, ok: bool, r: Option<&str>| json!({"id": id2, "v": v, "ok": ok, "r": r});
    expect(
        &app,
        &director,
        PREREVIEW,
        v2(1, true, None),
        "FORBIDDEN",
        None,
    )
    .await;
    assert_ok(&app.gql(Some(&east), PREREVIEW, v2(1, true, None)).await);
    expect(
        &app,
        &director,
        DECIDE,
        v2(2, true, None),
        "FORBIDDEN",
        None,
    )
    .await;
    let r = app
        .gql(Some(&gm), DECIDE, v2(2, false, Some("营收预期不足")))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["decideKeyAccount"]["status"], "REJECTED");

    // Rejection at the pre-review keeps the reason and frees the customer
    // for a new application.
    let c3 = insert_customer(&app, "杭州精工", Some("rep02@example.com")).await;
    let rep02 = app.login("rep02@example.com").await;
    let id3 = apply(&app, &rep02, application(&c3)).await;
    let r = app
        .gql(
            Some(&director),
            PREREVIEW,
            json!({"id": id3, "v": 1, "ok": false, "r": "信用待核实"}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["prereviewKeyAccount"]["rejectionReason"],
        "信用待核实"
    );
    let id4 = apply(&app, &rep02, application(&c3)).await;

    // KA-2: two different people. The director pre-reviews, so the
    // director may not approve as well; the general manager may.
    let v4 = |v: i32, ok: bool| json!({"id": id4, "v": v, "ok": ok});
    assert_ok(&app.gql(Some(&director), PREREVIEW, v4(1, true)).await);
    expect(&app, &director, DECIDE, v4(2, true), "FORBIDDEN", None).await;
    let r = app.gql(Some(&gm), DECIDE, v4(2, true)).await;
    assert_ok(&r);
    assert_eq!(r["data"]["decideKeyAccount"]["status"], "APPROVED");

    let list = "query($s: KeyAccountApplicationStatus) { keyAccountApplications(status: $s) { nodes { id } } }";
    let n = |r: &Value| {
        r["data"]["keyAccountApplications"]["nodes"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(n(&app.gql(Some(&gm), list, json!({})).await), 4);
    assert_eq!(
        n(&app.gql(Some(&gm), list, json!({"s": "APPROVED"})).await),
        2
    );
    assert_eq!(
        n(&app.gql(Some(&gm), list, json!({"s": "REJECTED"})).await),
        2
    );
    assert_eq!(n(&app.gql(Some(&rep01), list, json!({})).await), 1);
    assert_eq!(n(&app.gql(Some(&south), list, json!({})).await), 0);
}

const T: bool = true;
const F: bool = false;

#[tokio::test]
async fn org3_key_account_applications_by_role() {
    let app = TestApp::spawn().await;
    let mut records = Vec::new();
    for owner in ["rep01", "rep02", "rep03"] {
        let cust = insert_customer(
            &app,
            &format!("客户-{owner}"),
            Some(&format!("{owner}@example.com")),
        )
        .await;
        let t = app.login(&format!("{owner}@example.com")).await;
        records.push((owner, apply(&app, &t, application(&cust)).await));
    }
    let rows: &[(&str, &[bool])] = &[
        ("gm@example.com", &[T, T, T]),
        ("director@example.com", &[T, T, T]),
        ("manager.east@example.com", &[T, T, F]),
        ("supervisor.east1@example.com", &[T, F, F]),
        ("rep01@example.com", &[T, F, F]),
        ("finance@example.com", &[F, F, F]),
        ("service@example.com", &[T, T, T]),
        ("assistant@example.com", &[F, F, F]),
    ];
    let q = "query($id: ID!) { keyAccountApplication(id: $id) { id status applicant { displayName } } }";
    assert_matrix(&app, q, &records, rows).await;
    let trail = "query($id: ID!) { auditTrail(entity: KA_APPLICATION, id: $id) { edges { node { action } } } }";
    assert_matrix(&app, trail, &records, &rows[2..6]).await;
}

//! CON-9: after-sales requests — response deadline, the state machine with
//! the customer's confirmation, bad input, ORG-3 and the filters.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{contract, contract_of, count, row};
use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::complaints::insert_customer;

pub const FIELDS: &str =
    "id version status priority respondBy respondedAt responseOverdue respondedLate
    handling assignee { displayName } owner { displayName } resolution confirmedByCustomer closedAt
    reopenedCount reopenReason customerName contractNumber createdAt";

pub fn create_query() -> String {
    format!(
        "mutation($i: CreateAfterSalesInput!) {{ createAfterSalesRequest(input: $i) {{ {FIELDS} }} }}"
    )
}

pub async fn create(app: &TestApp, token: &str, customer: Uuid, priority: &str) -> Value {
    let r = app
        .gql(
            Some(token),
            &create_query(),
            json!({"i": {"customerId": customer, "subject": "3 号工位停机",
                         "description": "伺服报警 E-21，产线停机", "priority": priority}}),
        )
        .await;
    assert_ok(&r);
    r["data"]["createAfterSalesRequest"].clone()
}

fn at(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().expect("a DateTime"))
        .unwrap()
        .to_utc()
}

pub fn respond_query() -> String {
    format!(
        "mutation($id: ID!, $v: Int!, $h: AfterSalesHandling!, $a: ID) {{
        respondAfterSales(id: $id, version: $v, handling: $h, assigneeId: $a) {{ {FIELDS} }} }}"
    )
}
fn resolve_query() -> String {
    format!(
        "mutation($id: ID!, $v: Int!, $t: String!) {{
        resolveAfterSales(id: $id, version: $v, resolution: $t) {{ {FIELDS} }} }}"
    )
}
fn close_query() -> String {
    format!(
        "mutation($id: ID!, $v: Int!, $t: String!) {{
        closeAfterSales(id: $id, version: $v, confirmedBy: $t) {{ {FIELDS} }} }}"
    )
}
fn reopen_query() -> String {
    format!(
        "mutation($id: ID!, $v: Int!, $t: String!) {{
        reopenAfterSales(id: $id, version: $v, reason: $t) {{ {FIELDS} }} }}"
    )
}

async fn ok(app: &TestApp, token: &str, q: &str, vars: Value, field: &str) -> Value {
    let r = app.gql(Some(token), q, vars).await;
    assert_ok(&r);
    r["data"][field].clone()
}

#[tokio::test]
async fn con9_request_lifecycle_with_fast_response_and_customer_confirmation() {
    let app = TestApp::spawn().await;
    let service = app.login("service@example.com").await;
    let f = contract(&app, "rep01@example.com", "ACCEPTED").await;
    let r = app
        .gql(
            Some(&service),
            &create_query(),
            json!({"i": {"customerId": f.customer, "contractId": f.contract, "subject": "3 号工位停机",
                         "description": "伺服报警", "priority": "URGENT"}}),
        )
        .await;
    assert_ok(&r);
    let a = r["data"]["createAfterSalesRequest"].clone();
    // CON-9 fast response: URGENT within 4 hours (default setting).
    assert_eq!(
        at(&a["respondBy"]) - at(&a["createdAt"]),
        Duration::hours(4)
    );
    assert_eq!(a["status"], "OPEN");
    assert_eq!(a["responseOverdue"], false);
    assert_eq!(a["contractNumber"], f.number);
    let rep01: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE email = 'rep01@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        a["owner"]["displayName"],
        rep01.as_str(),
        "the customer's owner"
    );
    let low = create(&app, &service, f.customer, "LOW").await;
    assert_eq!(
        at(&low["respondBy"]) - at(&low["createdAt"]),
        Duration::hours(72)
    );

    let id = a["id"].as_str().unwrap();
    let v = ok(
        &app,
        &service,
        &respond_query(),
        json!({"id": id, "v": 1, "h": "ON_SITE"}),
        "respondAfterSales",
    )
    .await;
    assert_eq!(v["status"], "IN_PROGRESS");
    assert_eq!(v["handling"], "ON_SITE");
    assert!(v["respondedAt"].is_string());
    assert_eq!(v["respondedLate"], false);
    let me: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE email = 'service@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        v["assignee"]["displayName"],
        me.as_str(),
        "the responder by default"
    );
    let v = ok(
        &app,
        &service,
        &resolve_query(),
        json!({"id": id, "v": 2, "t": "更换伺服驱动器"}),
        "resolveAfterSales",
    )
    .await;
    assert_eq!(v["status"], "RESOLVED");
    // CON-9: closing needs the customer's confirmation.
    let before = row(&app, "after_sales_requests", id.parse().unwrap()).await;
    for t in ["", "   "] {
        let r = app
            .gql(
                Some(&service),
                &close_query(),
                json!({"id": id, "v": 3, "t": t}),
            )
            .await;
        assert_code(&r, "VALIDATION");
    }
    let r = app
        .gql(
            Some(&service),
            &close_query(),
            json!({"id": id, "v": 3, "t": "n".repeat(201)}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(
        row(&app, "after_sales_requests", id.parse().unwrap()).await,
        before
    );
    // The customer does not confirm: back to IN_PROGRESS.
    let v = ok(
        &app,
        &service,
        &reopen_query(),
        json!({"id": id, "v": 3, "t": "客户反馈仍有异响"}),
        "reopenAfterSales",
    )
    .await;
    assert_eq!(v["status"], "IN_PROGRESS");
    assert_eq!(v["reopenedCount"], 1);
    assert_eq!(v["reopenReason"], "客户反馈仍有异响");
    ok(
        &app,
        &service,
        &resolve_query(),
        json!({"id": id, "v": 4, "t": "更换轴承"}),
        "resolveAfterSales",
    )
    .await;
    let v = ok(
        &app,
        &service,
        &close_query(),
        json!({"id": id, "v": 5, "t": "张工（设备科）"}),
        "closeAfterSales",
    )
    .await;
    assert_eq!(v["status"], "CLOSED");
    assert_eq!(v["confirmedByCustomer"], "张工（设备科）");
    assert!(v["closedAt"].is_string());
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'AFTER_SALES' AND entity_id = $1 ORDER BY at, id",
    )
    .bind(Uuid::parse_str(id).unwrap())
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        ["CREATE", "RESPOND", "RESOLVE", "REOPEN", "RESOLVE", "CLOSE"]
    );
}

#[tokio::test]
async fn con9_bad_input_and_out_of_order_moves_change_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let f = contract(&app, "rep01@example.com", "SIGNED").await;
    let draft = contract_of(&app, f.customer, "rep01@example.com", "DRAFT").await;
    let other = contract(&app, "rep01@example.com", "SIGNED").await;
    let a = create(&app, &rep, f.customer, "NORMAL").await;
    let id: Uuid = a["id"].as_str().unwrap().parse().unwrap();
    let snapshot = || async {
        (
            count(&app, "SELECT count(*) FROM after_sales_requests").await,
            count(
                &app,
                "SELECT count(*) FROM audit_log WHERE entity = 'AFTER_SALES'",
            )
            .await,
            row(&app, "after_sales_requests", id).await,
        )
    };
    let before = snapshot().await;
    let input = |subject: &str, description: &str, contract: Option<Uuid>| {
        json!({"i": {"customerId": f.customer, "contractId": contract, "subject": subject,
                     "description": description, "priority": "HIGH"}})
    };
    let q = create_query();
    for (vars, code) in [
        (input("", "d", None), "VALIDATION"),
        (input(&"s".repeat(201), "d", None), "VALIDATION"),
        (input("s", " ", None), "VALIDATION"),
        (input("s", &"d".repeat(10001), None), "VALIDATION"),
        // The contract must be a signed contract of the same customer.
        (input("s", "d", Some(other.contract)), "VALIDATION"),
        (input("s", "d", Some(draft.contract)), "VALIDATION"),
        (input("s", "d", Some(Uuid::now_v7())), "VALIDATION"),
        (
            json!({"i": {"customerId": "x", "subject": "s", "description": "d", "priority": "LOW"}}),
            "VALIDATION",
        ),
    ] {
        let r = app.gql(Some(&rep), &q, vars).await;
        assert_code(&r, code);
    }
    // ORG-3: another rep's customer is exactly a missing one.
    let missing = json!({"i": {"customerId": Uuid::now_v7(), "subject": "s", "description": "d", "priority": "LOW"}});
    let random = app.gql(Some(&rep), &q, missing).await;
    assert_code(&random, "NOT_FOUND");
    let rep02 = app.login("rep02@example.com").await;
    let r = app.gql(Some(&rep02), &q, input("s", "d", None)).await;
    assert_eq!(r["errors"], random["errors"], "{r}");
    // Out-of-order moves are CONFLICT; stale versions too; hidden is NOT_FOUND.
    for (query, vars, code) in [
        (
            resolve_query(),
            json!({"id": id, "v": 1, "t": "x"}),
            "CONFLICT",
        ),
        (
            close_query(),
            json!({"id": id, "v": 1, "t": "张工"}),
            "CONFLICT",
        ),
        (
            reopen_query(),
            json!({"id": id, "v": 1, "t": "x"}),
            "CONFLICT",
        ),
        (
            respond_query(),
            json!({"id": id, "v": 9, "h": "REMOTE"}),
            "CONFLICT",
        ),
        (
            respond_query(),
            json!({"id": id, "v": 1, "h": "REMOTE", "a": Uuid::now_v7()}),
            "VALIDATION",
        ),
        (
            respond_query(),
            json!({"id": Uuid::now_v7(), "v": 1, "h": "REMOTE"}),
            "NOT_FOUND",
        ),
        (
            resolve_query(),
            json!({"id": id, "v": 1, "t": ""}),
            "VALIDATION",
        ),
    ] {
        let r = app.gql(Some(&rep), &query, vars).await;
        assert_code(&r, code);
    }
    let r = app
        .gql(
            Some(&rep02),
            &respond_query(),
            json!({"id": id, "v": 1, "h": "REMOTE"}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    assert_eq!(snapshot().await, before, "nothing changed");
    // Respond twice: the second is a conflict.
    ok(
        &app,
        &rep,
        &respond_query(),
        json!({"id": id, "v": 1, "h": "REMOTE"}),
        "respondAfterSales",
    )
    .await;
    let r = app
        .gql(
            Some(&rep),
            &respond_query(),
            json!({"id": id, "v": 2, "h": "REMOTE"}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep),
            &close_query(),
            json!({"id": id, "v": 2, "t": "张工"}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(row(&app, "after_sales_requests", id).await["version"], 2);
}

#[tokio::test]
async fn con9_scope_filters_and_the_response_setting() {
    let app = TestApp::spawn().await;
    let service = app.login("service@example.com").await;
    let c1: Uuid = insert_customer(&app, "售后客户一", Some("rep01@example.com"))
        .await
        .parse()
        .unwrap();
    let c3: Uuid = insert_customer(&app, "售后客户三", Some("rep03@example.com"))
        .await
        .parse()
        .unwrap();
    let pool_customer: Uuid = insert_customer(&app, "公海售后", None)
        .await
        .parse()
        .unwrap();
    let a1 = create(&app, &service, c1, "URGENT").await;
    let a3 = create(&app, &service, c3, "NORMAL").await;
    // A pool customer's request is owned by its creator.
    let ap = create(&app, &service, pool_customer, "LOW").await;
    let me: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE email = 'service@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(ap["owner"]["displayName"], me.as_str());
    // a1 is past its response time.
    sqlx::query(
        "UPDATE after_sales_requests SET respond_by = now() - interval '1 hour' WHERE id = $1",
    )
    .bind(Uuid::parse_str(a1["id"].as_str().unwrap()).unwrap())
    .execute(&app.db.pool)
    .await
    .unwrap();
    let records = [
        ("rep01", a1["id"].as_str().unwrap().to_owned()),
        ("rep03", a3["id"].as_str().unwrap().to_owned()),
        ("pool", ap["id"].as_str().unwrap().to_owned()),
    ];
    let (t, n) = (true, false);
    crate::e2e::access::assert_matrix(
        &app,
        "query($id: ID!) { afterSalesRequest(id: $id) { id } }",
        &records,
        &[
            ("gm@example.com", &[t, t, t]),
            ("service@example.com", &[t, t, t]),
            ("manager.east@example.com", &[t, n, n]),
            ("supervisor.east1@example.com", &[t, n, n]),
            ("rep01@example.com", &[t, n, n]),
            ("rep03@example.com", &[n, t, n]),
            ("finance@example.com", &[n, n, n]),
        ],
    )
    .await;
    let list = "query($f: AfterSalesFilter) { afterSalesRequests(filter: $f) { totalCount nodes { id responseOverdue } } }";
    for (f, total) in [
        (json!({}), 3),
        (json!({"overdue": true}), 1),
        (json!({"overdue": false}), 2),
        (json!({"customerId": c3}), 1),
        (json!({"status": "OPEN"}), 3),
        (json!({"status": "CLOSED"}), 0),
    ] {
        let r = app.gql(Some(&service), list, json!({"f": f})).await;
        assert_ok(&r);
        assert_eq!(r["data"]["afterSalesRequests"]["totalCount"], total, "{f}");
    }
    let r = app
        .gql(Some(&service), list, json!({"f": {"overdue": true}}))
        .await;
    assert_eq!(
        r["data"]["afterSalesRequests"]["nodes"][0]["responseOverdue"],
        true
    );
    let rep01 = app.login("rep01@example.com").await;
    let r = app.gql(Some(&rep01), list, json!({"f": {}})).await;
    assert_eq!(r["data"]["afterSalesRequests"]["totalCount"], 1);

    // The setting: validated, then used for new requests.
    let admin = app.login("admin@example.com").await;
    let upd = "mutation($v: JSON!, $ver: Int!) { updateCompanySetting(key: \"after_sales_response_hours\", value: $v, version: $ver) { version } }";
    for bad in [
        json!({"URGENT": 0, "HIGH": 8, "NORMAL": 24, "LOW": 72}),
        json!({"URGENT": 10, "HIGH": 8, "NORMAL": 24, "LOW": 72}),
        json!({"URGENT": 4, "HIGH": 8, "NORMAL": 24}),
    ] {
        assert_code(
            &app.gql(Some(&admin), upd, json!({"v": bad, "ver": 1}))
                .await,
            "VALIDATION",
        );
    }
    let good = json!({"URGENT": 2, "HIGH": 8, "NORMAL": 24, "LOW": 72});
    assert_ok(
        &app.gql(Some(&admin), upd, json!({"v": good, "ver": 1}))
            .await,
    );
    let a = create(&app, &service, c1, "URGENT").await;
    assert_eq!(
        at(&a["respondBy"]) - at(&a["createdAt"]),
        Duration::hours(2)
    );
}

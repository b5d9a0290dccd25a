//! CUS-9: the overdue list and filters; ORG-3 rows for complaints.

use chrono::{Duration, Utc};
use serde_json::json;

use super::transitions::{RESOLVE, START};
use super::{FIELDS, ago, input, insert_customer, record};
use crate::common::{TestApp, assert_ok};
use crate::e2e::access::assert_matrix;

#[tokio::test]
async fn cus9_overdue_complaints_and_filters() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "无锡重工", Some("rep01@example.com")).await;
    let service = app.login("service@example.com").await;
    let late = record(&app, &service, input(&cust, "HIGH", &ago(30))).await;
    assert_eq!(late["isOverdue"], true);
    let fine = record(&app, &service, input(&cust, "LOW", &ago(30))).await;
    assert_eq!(fine["isOverdue"], false);
    let done = record(&app, &service, input(&cust, "HIGH", &ago(50))).await;
    let id = done["id"].as_str().unwrap();
    assert_ok(
        &app.gql(Some(&service), START, json!({"id": id, "v": 1}))
            .await,
    );
    assert_ok(
        &app.gql(
            Some(&service),
            RESOLVE,
            json!({"id": id, "v": 2, "c": "c", "s": "s"}),
        )
        .await,
    );
    let q = "query($a: DateTime!) { overdueComplaints(asOf: $a) { nodes { id isOverdue deadlineAt } } }";
    let r = app
        .gql(Some(&service), q, json!({"a": Utc::now().to_rfc3339()}))
        .await;
    assert_ok(&r);
    let ids: Vec<&str> = r["data"]["overdueComplaints"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![late["id"].as_str().unwrap()]);
    // As of 6 days from now the LOW one is overdue too, earliest deadline first.
    let r = app
        .gql(
            Some(&service),
            q,
            json!({"a": (Utc::now() + Duration::days(6)).to_rfc3339()}),
        )
        .await;
    assert_eq!(
        r["data"]["overdueComplaints"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = app.gql(Some(&service), q, json!({"a": ago(40)})).await;
    assert_eq!(r["data"]["overdueComplaints"]["nodes"], json!([]));
    // rep03 sees none of them.
    let rep03 = app.login("rep03@example.com").await;
    let r = app
        .gql(Some(&rep03), q, json!({"a": Utc::now().to_rfc3339()}))
        .await;
    assert_eq!(r["data"]["overdueComplaints"]["nodes"], json!([]));
    let list = "query($f: ComplaintFilter) { complaints(filter: $f) { totalCount nodes { id } } }";
    for (f, n) in [
        (json!({"overdue": true}), 1),
        (json!({"overdue": false}), 2),
        (json!({"status": "RESOLVED"}), 1),
        (json!({"severity": "HIGH", "customerId": cust}), 2),
        (json!({}), 3),
    ] {
        let r = app.gql(Some(&service), list, json!({"f": f})).await;
        assert_ok(&r);
        assert_eq!(r["data"]["complaints"]["totalCount"], n, "{f}");
    }
}

const T: bool = true;
const F: bool = false;

#[tokio::test]
async fn org3_complaints_by_role() {
    let app = TestApp::spawn().await;
    let service = app.login("service@example.com").await;
    let mut records = Vec::new();
    for (name, owner) in [
        ("rep01", "rep01@example.com"),
        ("rep02", "rep02@example.com"),
        ("rep03", "rep03@example.com"),
    ] {
        let cust = insert_customer(&app, &format!("客户-{name}"), Some(owner)).await;
        let c = record(&app, &service, input(&cust, "LOW", &ago(1))).await;
        records.push((name, c["id"].as_str().unwrap().to_owned()));
    }
    // A pool customer's complaint: customer service and the top only.
    let pool = insert_customer(&app, "公海客户", None).await;
    let c = record(&app, &service, input(&pool, "LOW", &ago(1))).await;
    records.push(("pool", c["id"].as_str().unwrap().to_owned()));
    let rows: &[(&str, &[bool])] = &[
        ("admin@example.com", &[T, T, T, T]),
        ("gm@example.com", &[T, T, T, T]),
        ("director@example.com", &[T, T, T, T]),
        ("manager.east@example.com", &[T, T, F, F]),
        ("supervisor.east1@example.com", &[T, F, F, F]),
        ("rep01@example.com", &[T, F, F, F]),
        ("rep02@example.com", &[F, T, F, F]),
        ("finance@example.com", &[F, F, F, F]),
        ("service@example.com", &[T, T, T, T]),
        ("assistant@example.com", &[F, F, F, F]),
    ];
    assert_matrix(
        &app,
        &format!("query($id: ID!) {{ complaint(id: $id) {{ {FIELDS} }} }}"),
        &records,
        rows,
    )
    .await;
    // ORG-4: the trail follows the complaint's visibility.
    let trail =
        "query($id: ID!) { auditTrail(entity: COMPLAINT, id: $id) { edges { node { action } } } }";
    assert_matrix(&app, trail, &records, &rows[3..8]).await;
    let r = app
        .gql(Some(&service), trail, json!({"id": records[0].1}))
        .await;
    assert_eq!(
        r["data"]["auditTrail"]["edges"][0]["node"]["action"], "CREATE",
        "{r}"
    );
}

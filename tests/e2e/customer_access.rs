//! ORG-3 on customers by role, and the CUS-4 company setting.

use serde_json::json;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::access::assert_matrix;
use crate::e2e::customers::create;

const T: bool = true;
const F: bool = false;

#[tokio::test]
async fn org3_customers_by_role() {
    let app = TestApp::spawn().await;
    let mut records = Vec::new();
    for (i, rep) in ["rep01", "rep02", "rep03"].iter().enumerate() {
        let t = app.login(&format!("{rep}@example.com")).await;
        let c = create(&app, &t, json!({"name": format!("客户{i}号 {rep}")})).await;
        records.push((*rep, c["id"].as_str().unwrap().to_owned()));
    }
    let m = app.login("manager.east@example.com").await;
    let p = create(&app, &m, json!({"name": "公海客户", "ownerId": null})).await;
    records.push(("pool", p["id"].as_str().unwrap().to_owned()));
    let q = "query($id: ID!) { customer(id: $id) { id name } }";
    assert_matrix(
        &app,
        q,
        &records,
        &[
            ("rep01@example.com", &[T, F, F, T]),
            ("rep03@example.com", &[F, F, T, T]),
            ("supervisor.east1@example.com", &[T, F, F, T]),
            ("manager.east@example.com", &[T, T, F, T]),
            ("manager.south@example.com", &[F, F, T, T]),
            ("director@example.com", &[T, T, T, T]),
            ("service@example.com", &[T, T, T, T]),
            ("finance@example.com", &[F, F, F, F]),
            ("assistant@example.com", &[F, F, F, F]),
        ],
    )
    .await;
    // Customer service reads all but changes nothing (write scope: own).
    let cs = app.login("service@example.com").await;
    let r = app
        .gql(
            Some(&cs),
            "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }",
            json!({"i": {"id": records[0].1, "version": 1, "grade": "STRATEGIC"}}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    assert_eq!(
        app.count("SELECT count(*) FROM customers WHERE grade = 'STRATEGIC'")
            .await,
        0
    );
}

#[tokio::test]
async fn cus4_pool_reclaim_days_setting_is_validated() {
    let app = TestApp::spawn().await;
    let q = "query { companySetting(key: \"pool_reclaim_days\") { value version } }";
    let rep = app.login("rep01@example.com").await;
    let r = app.gql(Some(&rep), q, json!({})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["companySetting"]["value"]["GENERAL"], 90);
    let m = "mutation($k: String!, $v: JSON!, $ver: Int!) { updateCompanySetting(key: $k, value: $v, version: $ver) { value version } }";
    let ok = json!({"k": "pool_reclaim_days", "v": {"GENERAL": 60, "IMPORTANT": 120}, "ver": 1});
    assert_code(&app.gql(Some(&rep), m, ok.clone()).await, "FORBIDDEN");
    let d = app.login("director@example.com").await;
    for bad in [
        json!({"GENERAL": 0, "IMPORTANT": 120}),
        json!({"GENERAL": 3651, "IMPORTANT": 1}),
        json!({"GENERAL": 60}),
        json!("x"),
    ] {
        let r = app
            .gql(
                Some(&d),
                m,
                json!({"k": "pool_reclaim_days", "v": bad, "ver": 1}),
            )
            .await;
        assert_code(&r, "VALIDATION");
    }
    let r = app
        .gql(Some(&d), m, json!({"k": "no_such_key", "v": 1, "ver": 1}))
        .await;
    assert_code(&r, "VALIDATION");
    let r = app.gql(Some(&d), m, ok.clone()).await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateCompanySetting"]["version"], 2);
    assert_code(&app.gql(Some(&d), m, ok).await, "CONFLICT");
}

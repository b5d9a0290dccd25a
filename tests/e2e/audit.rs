//! ORG-4: each change is audited in its own transaction, with who, what
//! (old → new) and the request id.

use salesd_domain::org::Role;
use serde_json::json;

use crate::common::{TestApp, assert_code, assert_ok};

const UPDATE: &str =
    "mutation($i: UpdateUserInput!) { updateUser(input: $i) { version displayName } }";
const TRAIL: &str = "query($id: ID!) { auditTrail(entity: USER, id: $id) { edges { node {
    action actorLabel actor { displayName } requestId changes { field old new } } } } }";

#[tokio::test]
async fn org4_changes_are_audited_with_old_and_new_values_and_request_id() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let rep = app.user_id("rep01@example.com").await;
    let r = app
        .http
        .post(&app.url)
        .bearer_auth(&admin)
        .header("x-request-id", "req-audit-1")
        .json(&json!({"query": UPDATE, "variables": {"i": {"id": rep, "version": 1, "displayName": "新名字", "password": "another-password"}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "req-audit-1");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_ok(&body);
    assert_eq!(body["data"]["updateUser"]["version"], 2);

    let trail = app.gql(Some(&admin), TRAIL, json!({"id": rep})).await;
    assert_ok(&trail);
    let entries = trail["data"]["auditTrail"]["edges"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let e = &entries[0]["node"];
    assert_eq!(e["action"], "UPDATE");
    assert_eq!(e["requestId"], "req-audit-1");
    assert_eq!(
        e["actor"]["displayName"],
        app.demo.login(Role::Admin).name.as_str()
    );
    let changes = e["changes"].as_array().unwrap();
    let name = changes
        .iter()
        .find(|c| c["field"] == "display_name")
        .expect("name change");
    assert_eq!(
        name["old"],
        app.demo
            .logins
            .iter()
            .find(|l| l.email == "rep01@example.com")
            .unwrap()
            .name
            .as_str()
    );
    assert_eq!(name["new"], "新名字");
    let pw = changes
        .iter()
        .find(|c| c["field"] == "password")
        .expect("password change noted");
    assert_eq!(pw["new"], "[redacted]");
    assert!(
        !trail.to_string().contains("argon2"),
        "no hash in the trail"
    );
}

#[tokio::test]
async fn org4_a_refused_change_leaves_no_audit_entry() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let rep = app.user_id("rep01@example.com").await;
    let stale = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({"i": {"id": rep, "version": 7, "displayName": "X"}}),
        )
        .await;
    assert_code(&stale, "CONFLICT");
    let dup = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({"i": {"id": rep, "version": 1, "email": "rep02@example.com"}}),
        )
        .await;
    assert_code(&dup, "CONFLICT");
    assert_eq!(app.count("SELECT count(*) FROM audit_log").await, 0);
    let version: i32 =
        sqlx::query_scalar("SELECT version FROM users WHERE email = 'rep01@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(version, 1);
}

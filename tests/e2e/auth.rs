//! Authentication: login, sessions, API tokens, the failed-login limit.

use salesd_api::ApiConfig;
use salesd_domain::org::Role;
use serde_json::json;

use crate::common::{TestApp, assert_code, assert_ok};

const LOGIN: &str =
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt } }";
const ME: &str =
    "{ me { email displayName primaryRole roles unit { name kind } directHead { displayName } } }";

#[tokio::test]
async fn org5_rep_login_me_shows_unit_role_and_direct_head() {
    let app = TestApp::spawn().await;
    let token = app.login("rep01@example.com").await;
    let me = app.gql(Some(&token), ME, json!({})).await;
    assert_ok(&me);
    let me = &me["data"]["me"];
    assert_eq!(me["primaryRole"], "SALES_REP");
    assert_eq!(me["unit"]["name"], "上海一组");
    assert_eq!(me["unit"]["kind"], "TEAM");
    let supervisor = &app
        .demo
        .logins
        .iter()
        .find(|l| l.email == "supervisor.east1@example.com")
        .unwrap()
        .name;
    assert_eq!(me["directHead"]["displayName"], supervisor.as_str());

    // The supervisor, who heads the team, reports to the region's manager.
    let t = app.login("supervisor.east1@example.com").await;
    let me = app.gql(Some(&t), ME, json!({})).await;
    let manager = &app
        .demo
        .logins
        .iter()
        .find(|l| l.email == "manager.east@example.com")
        .unwrap()
        .name;
    assert_eq!(
        me["data"]["me"]["directHead"]["displayName"],
        manager.as_str()
    );
    // The general manager has no direct head.
    let t = app.login_as(Role::GeneralManager).await;
    let me = app.gql(Some(&t), ME, json!({})).await;
    assert!(me["data"]["me"]["directHead"].is_null());
}

#[tokio::test]
async fn unknown_user_and_wrong_password_answer_alike() {
    let app = TestApp::spawn().await;
    let wrong = app
        .gql(
            None,
            LOGIN,
            json!({"e": "rep01@example.com", "p": "wrong-password"}),
        )
        .await;
    let unknown = app
        .gql(
            None,
            LOGIN,
            json!({"e": "nobody@example.com", "p": "wrong-password"}),
        )
        .await;
    assert_code(&wrong, "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
    assert_eq!(
        wrong["errors"][0]["extensions"],
        unknown["errors"][0]["extensions"]
    );
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn failed_logins_are_limited_per_account() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let r = app
            .gql(
                None,
                LOGIN,
                json!({"e": "rep01@example.com", "p": "wrong-password"}),
            )
            .await;
        assert_code(&r, "UNAUTHENTICATED");
    }
    // Even the right password is refused now, without being checked.
    let r = app
        .gql(
            None,
            LOGIN,
            json!({"e": "REP01@example.com", "p": "salesd-demo"}),
        )
        .await;
    assert_code(&r, "TOO_MANY_REQUESTS");
    let retry = r["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap();
    assert!(retry > 0 && retry <= 900, "retryAfter {retry}");
    // Another account is not affected.
    app.login("rep02@example.com").await;
}

#[tokio::test]
async fn failed_logins_are_limited_per_address() {
    let app = TestApp::with_config(ApiConfig {
        login_failures_per_address: 3,
        ..ApiConfig::default()
    })
    .await;
    for who in ["a@example.com", "b@example.com", "c@example.com"] {
        let r = app
            .gql(None, LOGIN, json!({"e": who, "p": "wrong-password"}))
            .await;
        assert_code(&r, "UNAUTHENTICATED");
    }
    let r = app
        .gql(
            None,
            LOGIN,
            json!({"e": "rep01@example.com", "p": "salesd-demo"}),
        )
        .await;
    assert_code(&r, "TOO_MANY_REQUESTS");
}

async fn status_and_code(app: &TestApp, auth: &str) -> (u16, serde_json::Value) {
    let r = app
        .http
        .post(&app.url)
        .header("authorization", auth)
        .json(&json!({"query": "{ me { email } }"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn bad_expired_and_revoked_tokens_are_refused() {
    let app = TestApp::spawn().await;
    for header in [
        "Basic dXNlcjpwdw==",
        "Bearer",
        "Bearer sds_unknown",
        "token",
    ] {
        let (status, body) = status_and_code(&app, header).await;
        assert_eq!(status, 401, "{header}");
        assert_code(&body, "UNAUTHENTICATED");
    }
    // Logout revokes exactly this session.
    let token = app.login("rep01@example.com").await;
    let other = app.login("rep01@example.com").await;
    assert_ok(
        &app.gql(Some(&token), "mutation { logout }", json!({}))
            .await,
    );
    assert_eq!(
        status_and_code(&app, &format!("Bearer {token}")).await.0,
        401
    );
    assert_eq!(
        status_and_code(&app, &format!("Bearer {other}")).await.0,
        200
    );
    // An expired session is refused.
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        status_and_code(&app, &format!("Bearer {other}")).await.0,
        401
    );
    // Unauthenticated requests to protected fields get UNAUTHENTICATED.
    assert_code(
        &app.gql(None, "{ users { edges { node { id } } } }", json!({}))
            .await,
        "UNAUTHENTICATED",
    );
}

#[tokio::test]
async fn api_tokens_read_but_never_write_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let r = app
        .gql(
            Some(&admin),
            "mutation { createApiToken(name: \"wallboard\") { token apiToken { id name } } }",
            json!({}),
        )
        .await;
    assert_ok(&r);
    let token = r["data"]["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = r["data"]["createApiToken"]["apiToken"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Duplicate active name → CONFLICT.
    let dup = app
        .gql(
            Some(&admin),
            "mutation { createApiToken(name: \"Wallboard\") { token } }",
            json!({}),
        )
        .await;
    assert_code(&dup, "CONFLICT");

    let r = app
        .gql(
            Some(&token),
            "{ me { id } users(first: 200) { totalCount } }",
            json!({}),
        )
        .await;
    assert_ok(&r);
    assert!(r["data"]["me"].is_null());
    assert_eq!(
        r["data"]["users"]["totalCount"],
        app.count("SELECT count(*) FROM users").await
    );
    let unit = app.demo.unit("上海一组").to_string();
    let w = app
        .gql(
            Some(&token),
            "mutation($u: ID!) { deactivateOrgUnit(id: $u, version: 1) { id } }",
            json!({"u": unit}),
        )
        .await;
    assert_code(&w, "FORBIDDEN");
    assert_eq!(
        app.count("SELECT count(*) FROM org_units WHERE NOT active")
            .await,
        0
    );
    let used: bool = sqlx::query_scalar("SELECT last_used_at IS NOT NULL FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(used, "last-used time recorded");

    let r = app
        .gql(
            Some(&admin),
            "mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }",
            json!({"id": id}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        status_and_code(&app, &format!("Bearer {token}")).await.0,
        401
    );
    let again = app
        .gql(
            Some(&admin),
            "mutation($id: ID!) { revokeApiToken(id: $id) { id } }",
            json!({"id": id}),
        )
        .await;
    assert_code(&again, "CONFLICT");
}

#[tokio::test]
async fn org3_unit_limited_api_token_reads_only_its_subtree() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let east = app.demo.unit("华东区域销售部").to_string();
    let r = app
        .gql(
            Some(&admin),
            "mutation($u: ID) { createApiToken(name: \"east board\", unitId: $u) { token } }",
            json!({"u": east}),
        )
        .await;
    let token = r["data"]["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .gql(
            Some(&token),
            "{ users(first: 200) { edges { node { email } } } }",
            json!({}),
        )
        .await;
    let mut emails: Vec<String> = r["data"]["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["email"].as_str().unwrap().to_owned())
        .collect();
    emails.sort();
    assert_eq!(
        emails,
        [
            "manager.east@example.com",
            "rep01@example.com",
            "rep02@example.com",
            "supervisor.east1@example.com",
            "supervisor.east2@example.com"
        ]
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limit_counts_the_forwarded_address() {
    let app = TestApp::with_config(ApiConfig {
        login_failures_per_address: 2,
        trust_forwarded_for: true,
        ..ApiConfig::default()
    })
    .await;
    let attempt = |xff: &'static str, email: &'static str, pw: &'static str| {
        app.http
            .post(&app.url)
            .header("x-forwarded-for", xff)
            .json(&json!({"query": LOGIN, "variables": {"e": email, "p": pw}}))
            .send()
    };
    for who in ["a@example.com", "b@example.com"] {
        let r: serde_json::Value = attempt("203.0.113.9, 10.0.0.1", who, "wrong-password")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_code(&r, "UNAUTHENTICATED");
    }
    let blocked: serde_json::Value = attempt("10.0.0.1", "rep01@example.com", "salesd-demo")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_code(&blocked, "TOO_MANY_REQUESTS");
    let other: serde_json::Value = attempt("10.0.0.2", "rep01@example.com", "salesd-demo")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ok(&other);
}

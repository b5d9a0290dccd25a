//! GraphQL over HTTP and the request limits.

use salesd_api::{ApiConfig, Env};
use salesd_domain::org::Role;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok, code};

async fn post_raw(app: &TestApp, body: Vec<u8>, accept: &str) -> (u16, String, Value) {
    let r = app
        .http
        .post(&app.url)
        .header("content-type", "application/json")
        .header("accept", accept)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = r.text().await.unwrap();
    (
        status,
        ct,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn get_runs_queries_but_refuses_mutations() {
    let app = TestApp::spawn().await;
    let token = app.login("rep01@example.com").await;
    let r = app
        .http
        .get(&app.url)
        .query(&[("query", "{ me { email } }")])
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["data"]["me"]["email"], "rep01@example.com");

    let r = app
        .http
        .get(&app.url)
        .query(&[("query", "mutation { logout }")])
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    // Still signed in: the mutation did not run.
    let r = app.gql(Some(&token), "{ me { email } }", json!({})).await;
    assert_ok(&r);
}

#[tokio::test]
async fn malformed_requests_get_400_and_bodies_over_the_limit_413() {
    let app = TestApp::spawn().await;
    for body in [
        &b"{not json"[..],
        br#"[{"query":"{ me { id } }"}]"#,
        br#"{"variables":{}}"#,
    ] {
        let (status, _, v) = post_raw(&app, body.to_vec(), "application/json").await;
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(body));
        assert_eq!(code(&v), Some("VALIDATION"));
    }
    let big = format!(
        r#"{{"query":"{{ me {{ id }} }}","variables":{{"x":"{}"}}}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let (status, _, _) = post_raw(&app, big.into_bytes(), "application/json").await;
    assert_eq!(status, 413);
    let r = app
        .http
        .post(&app.url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
}

#[tokio::test]
async fn answers_in_the_media_type_the_client_accepts() {
    let app = TestApp::spawn().await;
    let invalid = br#"{"query":"{ noSuchField }"}"#.to_vec();
    let (s, ct, v) = post_raw(&app, invalid.clone(), "application/graphql-response+json").await;
    assert_eq!(
        (s, ct.as_str()),
        (400, "application/graphql-response+json; charset=utf-8")
    );
    assert_eq!(code(&v), Some("VALIDATION"));
    let (s, ct, v) = post_raw(&app, invalid.clone(), "application/json").await;
    assert_eq!((s, ct.as_str()), (200, "application/json; charset=utf-8"));
    assert_eq!(code(&v), Some("VALIDATION"));
    let (s, _, _) = post_raw(&app, invalid, "text/csv").await;
    assert_eq!(s, 406);
}

#[tokio::test]
async fn depth_complexity_and_alias_limits() {
    let app = TestApp::spawn().await;
    let token = app.login_as(Role::Admin).await;
    let deep = format!(
        "{{ orgRoot {{ {} id {} }} }}",
        "children { ".repeat(12),
        "}".repeat(12)
    );
    assert_code(&app.gql(Some(&token), &deep, json!({})).await, "VALIDATION");
    let page = "users(first: 200) { edges { node { id email unit { id name head { id displayName } parent { id name children { id name head { id displayName } } } } } } }";
    let complex = format!("{{ a: {page} b: {page} }}");
    let r = app.gql(Some(&token), &complex, json!({})).await;
    assert_code(&r, "VALIDATION");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("complex"),
        "{r}"
    );
    let aliases: String = (0..31).map(|i| format!("a{i}: me {{ id }} ")).collect();
    let r = app
        .gql(Some(&token), &format!("{{ {aliases} }}"), json!({}))
        .await;
    assert_code(&r, "VALIDATION");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("aliases")
    );
}

#[tokio::test]
async fn production_hides_introspection_suggestions_and_graphiql() {
    let app = TestApp::with_config(ApiConfig {
        env: Env::Production,
        ..ApiConfig::default()
    })
    .await;
    let token = app.login("rep01@example.com").await;
    let r = app
        .gql(Some(&token), "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(r["data"]["__schema"].is_null(), "introspection is off: {r}");
    let r = app
        .gql(Some(&token), "{ userz { totalCount } }", json!({}))
        .await;
    assert!(
        !r.to_string().contains("Did you mean"),
        "no suggestions: {r}"
    );
    let r = app
        .http
        .get(&app.url)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), 200);

    let dev = TestApp::spawn().await;
    let r = dev.gql(None, "{ userz { totalCount } }", json!({})).await;
    assert!(r.to_string().contains("Did you mean"), "dev suggests: {r}");
    let page = dev
        .http
        .get(&dev.url)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("graphiql"), "GraphiQL in dev");
}

#[tokio::test]
async fn ops_endpoints_and_request_ids() {
    let app = TestApp::spawn().await;
    let base = format!("http://{}", app.addr);
    assert_eq!(
        app.http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    let ready: Value = app
        .http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["postgres"], "ok");
    assert_eq!(ready["redis"], "ok");
    let token = app.login("rep01@example.com").await;
    let r = app
        .http
        .post(&app.url)
        .bearer_auth(&token)
        .json(&json!({"query": "query Me { me { id } }", "operationName": "Me"}))
        .send()
        .await
        .unwrap();
    assert!(r.headers()["x-request-id"].to_str().unwrap().len() >= 32);
    let metrics = app
        .http
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"salesd_graphql_requests_total{operation="Me",outcome="ok"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("salesd_graphql_request_duration_seconds_bucket"));
    assert!(metrics.contains(r#"salesd_db_pool_connections{state="idle"}"#));
}

#[tokio::test]
async fn field_errors_are_200_and_request_errors_have_no_data() {
    let app = TestApp::spawn().await;
    let token = app.login("rep01@example.com").await;
    let missing = format!(
        r#"{{"query":"{{ user(id: \"{}\") {{ id }} }}"}}"#,
        uuid::Uuid::now_v7()
    );
    let r = app
        .http
        .post(&app.url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .header("accept", "application/graphql-response+json")
        .body(missing)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a field error is an execution result");
    let v: Value = r.json().await.unwrap();
    assert_code(&v, "NOT_FOUND");
    assert!(v.as_object().unwrap().contains_key("data"));
    let (_, _, v) = post_raw(
        &app,
        br#"{"query":"{ nope }"}"#.to_vec(),
        "application/json",
    )
    .await;
    assert!(
        !v.as_object().unwrap().contains_key("data"),
        "request error: {v}"
    );
}

#[tokio::test]
async fn slow_requests_time_out_with_408() {
    let app = TestApp::with_config(ApiConfig {
        request_timeout: std::time::Duration::from_millis(1),
        ..ApiConfig::default()
    })
    .await;
    // Password hashing alone takes longer than a millisecond.
    let r = app
        .http
        .post(&app.url)
        .json(&json!({"query": "mutation { login(email: \"rep01@example.com\", password: \"salesd-demo\") { token } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 408);
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = TestApp::with_config(ApiConfig {
        cors_origins: vec!["https://dash.example.com".into()],
        ..ApiConfig::default()
    })
    .await;
    let preflight = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, &app.url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
    };
    let ok = preflight("https://dash.example.com").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://dash.example.com"
    );
    let other = preflight("https://evil.example.net").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

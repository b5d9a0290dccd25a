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
    // Introspection is refused with an explicit error, not a silent null.
    for q in [
        "{ __schema { types { name } } }",
        "{ __type(name: \"User\") { name } }",
        "{ me { id } __schema { queryType { name } } }",
    ] {
        let r = app.gql(Some(&token), q, json!({})).await;
        assert_code(&r, "FORBIDDEN");
        assert!(r.get("data").is_none(), "a request error: {r}");
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("introspection is disabled"),
            "{r}"
        );
    }
    let r = app.gql(Some(&token), "{ __typename }", json!({})).await;
    assert_eq!(r["data"]["__typename"], "Query", "{r}");
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
    // The standard introspection query of graphql-js (GraphiQL, codegen)
    // loads the whole schema in dev, over the depth and complexity limits.
    let full = include_str!("fixtures/introspection.graphql");
    let r = dev.gql(None, full, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    let types = r["data"]["__schema"]["types"].as_array().unwrap();
    assert!(types.iter().any(|t| t["name"] == "Customer"), "{r}");
    // Limits still hold for business queries next to introspection.
    let deep = format!(
        "{{ __schema {{ queryType {{ name }} }} me {{ {} }} }}",
        "unit { parent { ".repeat(12) + "id" + &" } }".repeat(12)
    );
    assert_code(&dev.gql(None, &deep, json!({})).await, "VALIDATION");
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
    // Without a built console GraphiQL (built with it) says how to build it.
    assert!(page.contains("scripts/web.sh"), "GraphiQL in dev: {page}");
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
    // Answers carry business data: not sniffed, never cached.
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["cache-control"], "no-store");
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

/// A client that trickles its request headers is cut off once the header
/// read timeout passes (slow-header exhaustion); a prompt one is served.
#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = salesd_api::router(app.state.clone());
    tokio::spawn(salesd_api::serve::serve(
        listener,
        router,
        std::time::Duration::from_millis(500),
        std::future::pending(),
    ));
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        slow.read_to_end(&mut buf),
    )
    .await;
    assert!(read.is_ok(), "the server closed the connection");
    let text = String::from_utf8_lossy(&buf);
    assert!(!text.contains("200 OK"), "{text}");

    // A client that connects and sends nothing is cut off too.
    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        silent.read_to_end(&mut buf),
    )
    .await;
    assert!(read.is_ok(), "the server closed the silent connection");

    let mut prompt = tokio::net::TcpStream::connect(addr).await.unwrap();
    prompt
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    prompt.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("x-content-type-options: nosniff")
    );
}

/// A TCP relay to PostgreSQL that a test can cut and restore, to take the
/// database away from one API without touching the server others use.
struct Relay {
    addr: std::net::SocketAddr,
    target: String,
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay = Relay {
            addr: listener.local_addr().unwrap(),
            target,
            tasks: Default::default(),
        };
        relay.accept(listener);
        relay
    }

    fn accept(&self, listener: tokio::net::TcpListener) {
        let (target, tasks) = (self.target.clone(), self.tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let target = target.clone();
                let conn = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tasks.lock().unwrap().push(conn);
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// Drops every relayed connection and stops listening.
    fn cut(&self) {
        for t in self.tasks.lock().unwrap().drain(..) {
            t.abort();
        }
    }

    async fn restore(&self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.accept(listener);
    }
}

/// While PostgreSQL is unreachable a request answers 503 UNAVAILABLE with a
/// Retry-After (not INTERNAL after a long wait), /readyz is 503, and the
/// API recovers by itself once PostgreSQL is back.
#[tokio::test]
async fn postgres_unreachable_answers_503_unavailable_and_recovers() {
    use sqlx::ConnectOptions as _;
    use sqlx::postgres::PgConnectOptions;

    let app = TestApp::spawn().await;
    let token = app.login("rep01@example.com").await;
    let opts: PgConnectOptions = app.db.url.parse().unwrap();
    let relay = Relay::start(format!("{}:{}", opts.get_host(), opts.get_port())).await;
    let via_relay = opts
        .host("127.0.0.1")
        .port(relay.addr.port())
        .to_url_lossy()
        .to_string();
    let pool = salesd_domain::db::connect(&salesd_domain::db::DbConfig::new(via_relay))
        .await
        .unwrap();
    let state = std::sync::Arc::new(salesd_api::AppState::new(
        pool,
        app.state.redis.clone(),
        ApiConfig::default(),
        std::sync::Arc::new(salesd_domain::clock::SystemClock),
        None,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(salesd_api::serve::serve(
        listener,
        salesd_api::router(state),
        salesd_api::serve::HEADER_READ_TIMEOUT,
        std::future::pending(),
    ));
    let me = || async {
        app.http
            .post(format!("{base}/graphql"))
            .bearer_auth(&token)
            .json(&json!({"query": "{ me { id } }"}))
            .send()
            .await
            .unwrap()
    };
    assert_eq!(me().await.status(), 200);

    relay.cut();
    let r = me().await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    let body: Value = r.json().await.unwrap();
    assert_code(&body, "UNAVAILABLE");
    let ready = app.http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);

    relay.restore().await;
    let mut status = 0;
    for _ in 0..40 {
        status = me().await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(status, 200, "recovered without a restart");
}

/// NUL or another control character in any string input answers
/// VALIDATION naming the field and changes nothing (never INTERNAL); in
/// `login` it is the ordinary wrong-credentials answer, counted.
#[tokio::test]
async fn control_characters_in_any_string_input_answer_validation_naming_the_field() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let before = app.count("SELECT count(*) FROM customers").await;
    let create = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
    for (input, field) in [
        (json!({"name": "北京\u{0000}科技"}), "name"),
        (
            json!({"name": "北京科技", "tags": ["重点", "\u{1b}[31m"]}),
            "tags",
        ),
        (
            json!({"name": "北京科技", "address": "朝阳区\u{7f}"}),
            "address",
        ),
        (
            json!({"name": "北京科技", "contacts": [{"name": "王\u{0008}五"}]}),
            "name",
        ),
    ] {
        let r = app.gql(Some(&rep), create, json!({"i": input})).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], field, "{r}");
    }
    let inline = "mutation { createCustomer(input: {name: \"x\\u0000y\"}) { id } }";
    let r = app.gql(Some(&rep), inline, json!({})).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "name");
    assert_eq!(
        app.count("SELECT count(*) FROM customers").await,
        before,
        "nothing changed"
    );
    // Line breaks and tabs are ordinary text.
    let r = app
        .gql(
            Some(&rep),
            create,
            json!({"i": {"name": "换行\t科技", "address": "一号\n二号"}}),
        )
        .await;
    assert!(code(&r) != Some("INTERNAL"), "{r}");

    let login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    let vars = json!({"e": "rep01@example.com\u{0000}", "p": "salesd-demo"});
    for _ in 0..5 {
        assert_code(&app.gql(None, login, vars.clone()).await, "UNAUTHENTICATED");
    }
    assert_code(&app.gql(None, login, vars).await, "TOO_MANY_REQUESTS");
}

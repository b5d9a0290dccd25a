//! The end-to-end test harness: the real router on port 0 over a fresh,
//! migrated database (with the demo company) and a Redis prefix of its own.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use salesd_api::{ApiConfig, AppState};
use salesd_demo::{self as demo, DemoCompany, DemoOptions};
use salesd_domain::clock::SystemClock;
use salesd_domain::org::Role;
use salesd_domain::testing::TestDb;
use serde_json::{Value, json};

pub struct TestApp {
    pub db: TestDb,
    pub addr: SocketAddr,
    pub url: String,
    pub http: reqwest::Client,
    pub prefix: String,
    pub demo: DemoCompany,
    pub state: Arc<AppState>,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// The demo company with four reps, default limits.
    pub async fn spawn() -> Self {
        Self::with_config(ApiConfig::default()).await
    }

    pub async fn with_config(config: ApiConfig) -> Self {
        Self::build(config, 4).await
    }

    /// The demo company with `reps` reps.
    pub async fn with_reps(config: ApiConfig, reps: usize) -> Self {
        Self::build(config, reps).await
    }

    async fn build(mut config: ApiConfig, reps: usize) -> Self {
        let db = TestDb::new().await;
        let demo = demo::load(
            &db.pool,
            &DemoOptions {
                reps,
                ..DemoOptions::default()
            },
        )
        .await
        .expect("load demo company");
        let prefix = salesd_worker::testing::unique_namespace();
        config.redis_prefix = prefix.clone();
        let redis = salesd_worker::testing::connect().await;
        let state = Arc::new(AppState::new(
            db.pool.clone(),
            redis,
            config,
            Arc::new(SystemClock),
            None,
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = salesd_api::router(state.clone());
        let server = tokio::spawn(async move {
            let _ = salesd_api::serve::serve(
                listener,
                router,
                salesd_api::serve::HEADER_READ_TIMEOUT,
                std::future::pending(),
            )
            .await;
        });
        Self {
            db,
            addr,
            url: format!("http://{addr}/graphql"),
            http: reqwest::Client::new(),
            prefix,
            demo,
            state,
            server,
        }
    }

    /// Signs in and returns the session token.
    pub async fn login(&self, email: &str) -> String {
        let r = self
            .gql(
                None,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
                json!({"e": email, "p": demo::DEMO_PASSWORD}),
            )
            .await;
        r["data"]["login"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("login {email}: {r}"))
            .to_owned()
    }

    /// Signs in as the first demo user holding `role`.
    pub async fn login_as(&self, role: Role) -> String {
        let email = self.demo.login(role).email.clone();
        self.login(&email).await
    }

    /// POSTs one GraphQL operation and returns the JSON answer.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = self
            .http
            .post(&self.url)
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON answer")
    }

    /// The id of a demo user by email.
    pub async fn user_id(&self, email: &str) -> String {
        sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.db.pool)
            .await
            .expect("user id")
            .to_string()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .expect("count")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        let prefix = self.prefix.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let mut conn = salesd_worker::testing::connect().await;
                let _ = salesd_worker::testing::purge_namespace(&mut conn, &prefix).await;
            });
        })
        .join();
    }
}

/// The error code of the first error, if any.
pub fn code(v: &Value) -> Option<&str> {
    v["errors"][0]["extensions"]["code"].as_str()
}

/// Asserts the answer failed with `expected` and returns it.
#[track_caller]
pub fn assert_code(v: &Value, expected: &str) {
    assert_eq!(code(v), Some(expected), "expected {expected}, got {v}");
}

/// Asserts the answer has no errors.
#[track_caller]
pub fn assert_ok(v: &Value) {
    assert!(v.get("errors").is_none(), "unexpected errors: {v}");
}

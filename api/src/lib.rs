//! salesd GraphQL API: the axum router, the schema, authentication, request
//! limits, GraphiQL, health and metrics.
//!
//! `router(state)` and `build_schema(config)` are what the binary and the
//! tests use.

// The merged Query / Mutation objects (one per bounded context) nest deeper
// than the default query depth of the compiler.
#![recursion_limit = "256"]

pub mod config;
pub mod console;
pub mod context;
pub mod cookie;
pub mod error;
pub mod http;
pub mod limits;
pub mod metrics;
pub mod ops;
pub mod ratelimit;
pub mod scalars;
pub mod schema;
pub mod serve;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tracing::Instrument;

pub use config::{ApiConfig, Env};
pub use schema::{ApiSchema, build_schema, sdl};
pub use state::AppState;

/// The HTTP application: `/graphql` (GET, POST), `/healthz`, `/readyz`,
/// `/metrics`, and the console at every other path. Serve it with `into_make_service_with_connect_info::<SocketAddr>()`
/// so the login limiter sees client addresses.
pub fn router(state: Arc<AppState>) -> Router {
    let cfg = &state.config;
    let schemas = Arc::new(schema::Schemas::new(cfg));
    let mut app = Router::new()
        .route("/graphql", get(http::get).post(http::post))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback_service(console::routes(cfg.web_dir.as_deref()))
        .layer(Extension(schemas))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(cfg.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            cfg.request_timeout,
        ));
    if !cfg.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = cfg
            .cors_origins
            .iter()
            .filter_map(|o| o.parse().ok())
            .collect();
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
                .expose_headers([header::HeaderName::from_static("x-request-id")]),
        );
    }
    app.layer(middleware::from_fn_with_state(state.clone(), request_meta))
        .with_state(state)
}

/// Gives every request an id (the caller's `x-request-id` when it is a
/// sane token, else a new UUID), a tracing span carrying it, and the
/// client's address.
async fn request_meta(
    State(state): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client_ip = if state.config.trust_forwarded_for {
        forwarded_client(req.headers()).or(peer)
    } else {
        peer
    };
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %req.method(),
        path = %req.uri().path(),
        actor = tracing::field::Empty,
    );
    req.extensions_mut().insert(http::RequestMeta {
        request_id: request_id.clone(),
        client_ip,
    });
    async move {
        let started = std::time::Instant::now();
        let mut resp = next.run(req).await;
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            resp.headers_mut().insert("x-request-id", v);
        }
        secure_headers(resp.headers_mut());
        tracing::info!(
            status = resp.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "request done"
        );
        resp
    }
    .instrument(span)
    .await
}

/// Every answer: browsers must not guess a content type (`nosniff`), and
/// nothing the API says is cached by the browser or a proxy unless the
/// route says otherwise (`no-store`: answers carry business data).
fn secure_headers(headers: &mut axum::http::HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}

/// Behind a trusted reverse proxy: the address the proxy appended last to
/// `X-Forwarded-For` (earlier entries are the client's own claims).
fn forwarded_client(headers: &axum::http::HeaderMap) -> Option<std::net::IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .last()
        .and_then(|ip| ip.trim().parse().ok())
}

/// The operations endpoints alone, for a process that serves no GraphQL
/// (`salesd work`).
pub fn ops_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .with_state(state)
}

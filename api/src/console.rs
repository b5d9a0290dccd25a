//! The console (`web/`, built to `web/dist`) served at `/`: hashed assets
//! under `/assets/` cached for a year, every other path answered with
//! `index.html` (the console routes in the browser) and never cached, all
//! under a Content-Security-Policy that loads nothing from another origin,
//! gzip-compressed for browsers that accept it.
//!
//! The directory is read at run time (`SALESD_WEB_DIR`), so the Rust build
//! works without Node; without a built console `/` says how to build it.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Scripts, styles, images and fonts from this origin only; inline styles
/// are allowed because Ant Design writes its CSS-in-JS into `<style>`
/// elements at run time. No frames, no plugins, forms post here only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; \
     form-action 'self'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// The routes of the console from `dir` (`web/dist`): `/assets/*` and the
/// `index.html` fallback for every other GET. Merge it last: the API's own
/// routes (`/graphql`, `/healthz`, …) take precedence.
pub fn routes(dir: Option<&Path>) -> Router {
    let Some(dir) = dir.filter(|d| d.join("index.html").is_file()) else {
        return Router::new().fallback(get(not_built));
    };
    let index = dir.join("index.html");
    let assets = Router::new()
        .fallback_service(ServeDir::new(dir.join("assets")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(IMMUTABLE),
        ));
    let pages = Router::new()
        .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(&index)))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(NO_CACHE),
        ));
    Router::new()
        .nest("/assets", assets)
        .merge(pages)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(CompressionLayer::new().gzip(true))
}

/// `/` when no console was built next to this binary.
async fn not_built() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(
            "<!doctype html><meta charset=utf-8><title>salesd</title>\
             <h1>The console is not built</h1>\
             <p>Build it with <code>scripts/web.sh</code> (or <code>npm ci &amp;&amp; npm run build</code> \
             in <code>web/</code>) and start salesd with <code>SALESD_WEB_DIR</code> pointing at \
             <code>web/dist</code>. The GraphQL API is at <a href=\"/graphql\">/graphql</a>.</p>",
        ),
    )
        .into_response()
}

/// GraphiQL (development only: `GET /graphql` from a browser), built with
/// the console as `graphiql.html` and loading nothing from the internet.
pub async fn graphiql(dir: Option<&Path>) -> Response {
    let page = match dir {
        Some(d) => tokio::fs::read_to_string(d.join("graphiql.html"))
            .await
            .ok(),
        None => None,
    };
    let Some(page) = page else {
        return not_built().await;
    };
    let mut r = Html(page).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    r
}

/// Where the built console is: `SALESD_WEB_DIR`, else `web/dist` under the
/// working directory when it exists.
pub fn default_dir(configured: Option<PathBuf>) -> Option<PathBuf> {
    configured.or_else(|| {
        let local = PathBuf::from("web/dist");
        local.join("index.html").is_file().then_some(local)
    })
}

//! GraphQL over HTTP (the GraphQL-over-HTTP specification), by hand rather
//! than through async-graphql-axum, whose defaults break it: mutations run
//! over GET, batching is on, and `application/json` clients get
//! `application/graphql-response+json`.
//!
//! - POST `application/json` carries any operation; GET carries queries
//!   only (a mutation over GET answers 405 with `Allow: POST`).
//! - The answer uses the media type the client accepts. With
//!   `application/graphql-response+json` a request that fails before
//!   execution answers 4xx; with `application/json` it answers 200.
//! - Malformed JSON, a missing `query`, or a batch (a JSON array) answer 400.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::ServerError;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use salesd_domain::org::auth;

use crate::context::RequestCtx;
use crate::cookie;
use crate::error::{ApiError, Code};
use crate::limits;
use crate::schema::{Schemas, request_loaders};
use crate::state::{AppState, Env};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// Facts the middleware attaches to every request.
#[derive(Clone, Debug)]
pub struct RequestMeta {
    pub request_id: String,
    pub client_ip: Option<IpAddr>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    GraphqlResponse,
    Json,
}

impl Media {
    fn content_type(self) -> &'static str {
        match self {
            Media::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Media::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from `Accept`; `None`: nothing acceptable.
fn negotiate(headers: &HeaderMap) -> Option<Media> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Media::Json);
    };
    let types: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or("").trim())
        .collect();
    if types.contains(&GRAPHQL_RESPONSE) {
        Some(Media::GraphqlResponse)
    } else if types
        .iter()
        .any(|t| *t == JSON || *t == "application/*" || *t == "*/*")
    {
        Some(Media::Json)
    } else {
        None
    }
}

fn error_body(errors: &[async_graphql::Error]) -> serde_json::Value {
    let errors: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| {
            serde_json::to_value(e.clone().into_server_error(Default::default()))
                .unwrap_or_default()
        })
        .collect();
    serde_json::json!({ "errors": errors })
}

fn respond(
    status: StatusCode,
    media: Media,
    body: &serde_json::Value,
    request_id: &str,
) -> Response {
    let mut resp = (status, serde_json::to_vec(body).unwrap_or_default()).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-request-id", v);
    }
    resp
}

/// A request refused before execution, with one coded error.
fn refuse(status: StatusCode, media: Media, err: ApiError, request_id: &str) -> Response {
    let e: async_graphql::Error = err.into();
    respond(status, media, &error_body(&[e]), request_id)
}

#[derive(serde::Deserialize)]
pub struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    extensions: Option<String>,
}

pub async fn get(
    State(st): State<Arc<AppState>>,
    Extension(schemas): Extension<Arc<Schemas>>,
    Extension(meta): Extension<RequestMeta>,
    headers: HeaderMap,
    Query(params): Query<GetParams>,
) -> Response {
    let accepts_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if params.query.is_none() && accepts_html && st.config.env == Env::Dev {
        return crate::console::graphiql(st.config.web_dir.as_deref()).await;
    }
    let Some(media) = negotiate(&headers) else {
        return StatusCode::NOT_ACCEPTABLE.into_response();
    };
    let bad = |m: &str| {
        refuse(
            StatusCode::BAD_REQUEST,
            media,
            ApiError::validation("query", m),
            &meta.request_id,
        )
    };
    let Some(query) = params.query else {
        return bad("the `query` parameter is required");
    };
    let mut req = async_graphql::Request::new(query);
    if let Some(v) = params.variables.filter(|v| !v.is_empty()) {
        match serde_json::from_str(&v) {
            Ok(vars) => req = req.variables(async_graphql::Variables::from_json(vars)),
            Err(_) => return bad("`variables` is not a JSON object"),
        }
    }
    if params
        .extensions
        .as_deref()
        .is_some_and(|e| serde_json::from_str::<serde_json::Value>(e).is_err())
    {
        return bad("`extensions` is not JSON");
    }
    if let Some(op) = params.operation_name {
        req = req.operation_name(op);
    }
    execute(st, &schemas, meta, headers, media, req, true).await
}

pub async fn post(
    State(st): State<Arc<AppState>>,
    Extension(schemas): Extension<Arc<Schemas>>,
    Extension(meta): Extension<RequestMeta>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(media) = negotiate(&headers) else {
        return StatusCode::NOT_ACCEPTABLE.into_response();
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(JSON))
    {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            ApiError::validation("Content-Type", "send the request as application/json"),
            &meta.request_id,
        );
    }
    let bad = |m: &str| {
        refuse(
            StatusCode::BAD_REQUEST,
            media,
            ApiError::validation("body", m),
            &meta.request_id,
        )
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return bad("the body is not valid JSON"),
    };
    if value.is_array() {
        return bad("batched requests are not supported; send one operation per request");
    }
    if !value.get("query").is_some_and(serde_json::Value::is_string) {
        return bad("the body needs a `query` string");
    }
    let req: async_graphql::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(_) => return bad("`variables`, `operationName` or `extensions` is malformed"),
    };
    execute(st, &schemas, meta, headers, media, req, false).await
}

/// The operation's name for metrics: the requested or single named
/// operation, else "anonymous".
fn operation_label(
    doc: &async_graphql::parser::types::ExecutableDocument,
    requested: Option<&str>,
) -> String {
    match (&doc.operations, requested) {
        (DocumentOperations::Multiple(ops), Some(name))
            if ops.keys().any(|k| k.as_str() == name) =>
        {
            name.to_owned()
        }
        (DocumentOperations::Single(_), _) | (DocumentOperations::Multiple(_), _) => {
            match &doc.operations {
                DocumentOperations::Multiple(ops) if ops.len() == 1 => {
                    ops.keys().next().map(|k| k.to_string()).unwrap_or_default()
                }
                _ => "anonymous".to_owned(),
            }
        }
    }
}

fn operation_type(
    doc: &async_graphql::parser::types::ExecutableDocument,
    requested: Option<&str>,
) -> Option<OperationType> {
    match &doc.operations {
        DocumentOperations::Single(op) => Some(op.node.ty),
        DocumentOperations::Multiple(ops) => match requested {
            Some(name) => ops
                .iter()
                .find(|(k, _)| k.as_str() == name)
                .map(|(_, op)| op.node.ty),
            None if ops.len() == 1 => ops.values().next().map(|op| op.node.ty),
            None => None,
        },
    }
}

async fn execute(
    st: Arc<AppState>,
    schemas: &Schemas,
    meta: RequestMeta,
    headers: HeaderMap,
    media: Media,
    mut req: async_graphql::Request,
    over_get: bool,
) -> Response {
    let started = Instant::now();
    let rid = meta.request_id.clone();
    let mut op_label = "anonymous".to_owned();
    let mut introspection_only = false;
    // Parse once up front for the checks async-graphql does not make.
    if let Ok(doc) = async_graphql::parser::parse_query(&req.query) {
        op_label = operation_label(&doc, req.operation_name.as_deref());
        match limits::introspection(&doc, req.operation_name.as_deref()) {
            limits::Introspection::None => {}
            _ if st.config.env == Env::Production => {
                st.metrics
                    .observe(&op_label, "rejected", started.elapsed().as_secs_f64());
                let status = if media == Media::GraphqlResponse {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::OK
                };
                let err = ApiError::new(
                    Code::Forbidden,
                    "introspection is disabled in production; the schema is published as schema.graphql",
                );
                return refuse(status, media, err, &rid);
            }
            limits::Introspection::Only => introspection_only = true,
            limits::Introspection::Mixed => {}
        }
        if over_get
            && operation_type(&doc, req.operation_name.as_deref()) == Some(OperationType::Mutation)
        {
            st.metrics
                .observe(&op_label, "rejected", started.elapsed().as_secs_f64());
            let mut r = refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                media,
                ApiError::validation("method", "mutations must be sent with POST"),
                &rid,
            );
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return r;
        }
        if let Some(field) = limits::control_character_field(&doc, &req.variables) {
            st.metrics
                .observe(&op_label, "rejected", started.elapsed().as_secs_f64());
            let status = if media == Media::GraphqlResponse {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            let err = ApiError::validation(
                &field,
                "must not contain control characters (such as NUL or escape)",
            );
            return refuse(status, media, err, &rid);
        }
        let aliases = limits::count_aliases(&doc);
        if aliases > st.config.max_aliases {
            st.metrics
                .observe(&op_label, "rejected", started.elapsed().as_secs_f64());
            let msg = format!(
                "the query uses {aliases} aliases; at most {} are allowed",
                st.config.max_aliases
            );
            let status = if media == Media::GraphqlResponse {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            return refuse(status, media, ApiError::validation("query", msg), &rid);
        }
    }
    // Authentication: a present header must be a valid bearer token; else
    // the browser's session cookie, when sent, must be a live session.
    let mut bearer = None;
    let mut actor = None;
    let mut from_cookie = false;
    let unauth = |m: &str, clear_cookie: bool| {
        st.metrics
            .observe(&op_label, "rejected", started.elapsed().as_secs_f64());
        let mut r = refuse(
            StatusCode::UNAUTHORIZED,
            media,
            ApiError::new(Code::Unauthenticated, m),
            &rid,
        );
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        if clear_cookie {
            r.headers_mut()
                .append(header::SET_COOKIE, cookie::clear(st.config.env));
        }
        r
    };
    let token = match headers.get(header::AUTHORIZATION) {
        Some(value) => {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .map(str::trim)
                .filter(|t| !t.is_empty() && t.len() <= 200);
            let Some(token) = token else {
                return unauth("the Authorization header must be `Bearer <token>`", false);
            };
            Some(token)
        }
        None => {
            from_cookie = true;
            cookie::token(&headers)
        }
    };
    if let Some(token) = token {
        if from_cookie && cookie::cross_site(&headers) {
            st.metrics
                .observe(&op_label, "rejected", started.elapsed().as_secs_f64());
            let err = ApiError::new(
                Code::Forbidden,
                "a request from another site cannot use this browser's session",
            );
            return refuse(StatusCode::FORBIDDEN, media, err, &rid);
        }
        match auth::authenticate(&st.pool, token, st.clock.now()).await {
            Ok(Some(a)) => actor = Some(a),
            Ok(None) => {
                let what = if from_cookie { "session" } else { "token" };
                return unauth(
                    &format!("the {what} is unknown, expired or revoked; sign in again"),
                    from_cookie,
                );
            }
            Err(e) => {
                let err = ApiError::from(e);
                st.metrics
                    .observe(&op_label, "error", started.elapsed().as_secs_f64());
                if err.code == Code::Unavailable {
                    return unavailable(refuse(StatusCode::SERVICE_UNAVAILABLE, media, err, &rid));
                }
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    media,
                    internal_with_id(err, &rid),
                    &rid,
                );
            }
        }
        bearer = Some(token.to_owned());
    }
    if let Some(a) = &actor {
        tracing::Span::current().record("actor", tracing::field::display(&a.label));
    }
    req = request_loaders(req, &st.pool, st.config.loader_window, actor.as_ref());
    req = req.data(st.clone()).data(RequestCtx {
        request_id: rid.clone(),
        client_ip: meta.client_ip,
        actor,
        bearer,
    });
    let schema = match &schemas.introspection {
        Some(s) if introspection_only => s,
        _ => &schemas.main,
    };
    let mut resp = schema.execute(req).await;
    let outcome = if resp.errors.is_empty() {
        "ok"
    } else {
        "error"
    };
    st.metrics
        .observe(&op_label, outcome, started.elapsed().as_secs_f64());
    // A request error (parse, validation, limits) happens before execution:
    // no error has a path. Field errors always carry one.
    let request_error = resp.data == async_graphql::Value::Null
        && !resp.errors.is_empty()
        && resp.errors.iter().all(|e| e.path.is_empty());
    for e in &mut resp.errors {
        code_uncoded(e, &rid);
    }
    let unavailable_db = resp.errors.iter().any(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| *c == async_graphql::Value::from(Code::Unavailable.as_str()))
    });
    // Headers a resolver set (login's and logout's `Set-Cookie`).
    let set_headers = std::mem::take(&mut resp.http_headers);
    let mut body = serde_json::to_value(&resp).unwrap_or_default();
    let status = if request_error {
        // The specification: a request error has no `data` entry at all.
        if let Some(obj) = body.as_object_mut() {
            obj.remove("data");
        }
        if media == Media::GraphqlResponse {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        }
    } else {
        StatusCode::OK
    };
    if unavailable_db {
        // PostgreSQL is down or saturated: say so at the HTTP level too,
        // so proxies and clients retry rather than trust partial data.
        return unavailable(respond(StatusCode::SERVICE_UNAVAILABLE, media, &body, &rid));
    }
    let mut r = respond(status, media, &body, &rid);
    for (name, value) in &set_headers {
        r.headers_mut().append(name, value.clone());
    }
    r
}

/// A 503 answer with a `Retry-After`.
fn unavailable(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    resp
}

fn internal_with_id(mut e: ApiError, request_id: &str) -> ApiError {
    e.message = format!("internal error (request id {request_id})");
    e
}

/// Every error carries a code: those async-graphql raises itself (parse,
/// validation, limits, coercion) are VALIDATION; internal ones name the
/// request id so support can find the log line.
fn code_uncoded(e: &mut ServerError, request_id: &str) {
    let ext = e.extensions.get_or_insert_with(Default::default);
    match ext.get("code") {
        None => ext.set("code", Code::Validation.as_str()),
        Some(async_graphql::Value::String(c)) if c == Code::Internal.as_str() => {
            e.message = format!("internal error (request id {request_id})");
            let ext = e.extensions.get_or_insert_with(Default::default);
            ext.set("requestId", request_id);
        }
        Some(_) => {}
    }
}

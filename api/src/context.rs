//! What every resolver knows about its request.

use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::Context;
use salesd_domain::Ctx;
use salesd_domain::org::Actor;

use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;

/// Per-request facts, put into the GraphQL request data by the HTTP handler.
#[derive(Clone, Debug)]
pub struct RequestCtx {
    pub request_id: String,
    pub client_ip: Option<IpAddr>,
    pub actor: Option<Actor>,
    /// The raw session token (the bearer token, else the session
    /// cookie's), so `logout` can revoke exactly this session.
    pub bearer: Option<String>,
}

pub fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<Arc<AppState>>()
}

pub fn request<'a>(ctx: &Context<'a>) -> &'a RequestCtx {
    ctx.data_unchecked::<RequestCtx>()
}

/// The acting user or token; UNAUTHENTICATED when there is none.
pub fn actor<'a>(ctx: &Context<'a>) -> ApiResult<&'a Actor> {
    request(ctx)
        .actor
        .as_ref()
        .ok_or_else(ApiError::unauthenticated)
}

/// The domain context for a change: actor, request id and the clock's now.
pub fn domain_ctx(ctx: &Context<'_>) -> ApiResult<Ctx> {
    let actor = actor(ctx)?.clone();
    if actor.read_only {
        return Err(ApiError::new(Code::Forbidden, "API tokens are read-only"));
    }
    Ok(Ctx {
        actor,
        request_id: request(ctx).request_id.clone(),
        now: state(ctx).clock.now(),
    })
}

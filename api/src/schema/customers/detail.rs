//! CUS-1 `customer(id)` detail: the lists and figures hanging off a
//! customer, resolved for the `Customer` type (`customer_types.rs`).
//!
//! Each list is *detail-only* (docs/customers.md, "Customer detail"): it
//! costs [`DETAIL`] in query complexity, so a page of customers can ask for
//! it on at most a handful of rows, and it runs the slice's own scoped query.
//! `revisitStatus` goes through a DataLoader (a page costs two statements).

use crate::schema::customers::loaders::customer_loaders;
use async_graphql::Context;
use async_graphql::connection::Connection;
use salesd_domain::audit;
use salesd_domain::customers::complaints::{self as complaint_store, ComplaintFilter};
use salesd_domain::customers::followups::{self, FollowUpFilter, FollowUpStatus};
use salesd_domain::customers::key_accounts as ka;
use salesd_domain::customers::revisit::company_date;
use salesd_domain::customers::{interactions, satisfaction};
use uuid::Uuid;

use crate::context::{actor, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::Decimal;
use crate::schema::common::paging::NoTotal;
use crate::schema::common::paging::{connection, page_request};
use crate::schema::customers::complaints::ComplaintConnectionFields;
use crate::schema::customers::complaints::types::ComplaintNode;
use crate::schema::customers::interactions::types::{
    CustomerSatisfaction, FollowUpNode, InteractionNode, RevisitStatusNode, SurveyNode,
};
use crate::schema::customers::key_accounts::types::{
    KaApplicationNode, KaEvaluationNode, KaPlanNode,
};
use crate::schema::org::types::AuditEntryNode;

/// The complexity of a detail-only field (plus its page, for connections):
/// with the limit of 5000, a customers page may ask for one on < 25 rows.
pub const DETAIL: usize = 200;

/// `first/after/last/before` of a detail connection.
pub struct Paging {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

type Conn<N> = Connection<String, N, NoTotal>;

fn no_total() -> NoTotal {
    NoTotal { total_count: None }
}

pub async fn interactions(
    ctx: &Context<'_>,
    customer: Uuid,
    p: Paging,
) -> ApiResult<Conn<InteractionNode>> {
    let req = page_request(p.first, p.after, p.last, p.before)?;
    let page =
        interactions::list_interactions(&state(ctx).pool, actor(ctx)?, customer, &req).await?;
    Ok(connection(page, InteractionNode, no_total()))
}

pub async fn open_follow_ups(
    ctx: &Context<'_>,
    customer: Uuid,
    p: Paging,
) -> ApiResult<Conn<FollowUpNode>> {
    let req = page_request(p.first, p.after, p.last, p.before)?;
    let f = FollowUpFilter {
        status: Some(FollowUpStatus::Open),
        ..Default::default()
    };
    let page =
        followups::customer_follow_ups(&state(ctx).pool, actor(ctx)?, customer, f, &req).await?;
    Ok(connection(page, FollowUpNode, no_total()))
}

pub async fn revisit_status(ctx: &Context<'_>, customer: Uuid) -> ApiResult<RevisitStatusNode> {
    let today = company_date(state(ctx).clock.now());
    customer_loaders(ctx)
        .revisit_status
        .load_one((customer, today))
        .await?
        .map(RevisitStatusNode)
        .ok_or_else(ApiError::not_found)
}

pub async fn satisfaction(ctx: &Context<'_>, customer: Uuid) -> ApiResult<CustomerSatisfaction> {
    let (fig, latest) =
        satisfaction::customer_satisfaction(&state(ctx).pool, actor(ctx)?, customer).await?;
    Ok(CustomerSatisfaction {
        average: fig.average.map(Decimal),
        count: fig.count,
        latest: latest.map(SurveyNode),
    })
}

/// CUS-9 complaints of the customer under the complaint scope (so a pool
/// customer's complaints stay hidden from reps), newest received first.
pub async fn complaints(
    ctx: &Context<'_>,
    customer: Uuid,
    p: Paging,
) -> ApiResult<Connection<String, ComplaintNode, ComplaintConnectionFields>> {
    let req = page_request(p.first, p.after, p.last, p.before)?;
    let actor = actor(ctx)?.clone();
    let filter = ComplaintFilter {
        customer_id: Some(customer),
        now: Some(state(ctx).clock.now()),
        ..Default::default()
    };
    let page = complaint_store::list_complaints(&state(ctx).pool, &actor, &filter, &req).await?;
    Ok(connection(
        page,
        ComplaintNode,
        ComplaintConnectionFields::new(actor, filter),
    ))
}

pub async fn ka_applications(
    ctx: &Context<'_>,
    customer: Uuid,
    p: Paging,
) -> ApiResult<Conn<KaApplicationNode>> {
    let req = page_request(p.first, p.after, p.last, p.before)?;
    let page =
        ka::list_ka_applications(&state(ctx).pool, actor(ctx)?, None, Some(customer), &req).await?;
    Ok(connection(page, KaApplicationNode, no_total()))
}

pub async fn ka_plans(ctx: &Context<'_>, customer: Uuid) -> ApiResult<Vec<KaPlanNode>> {
    let rows = ka::ka_plans(&state(ctx).pool, actor(ctx)?, customer).await?;
    Ok(rows.into_iter().map(KaPlanNode).collect())
}

pub async fn ka_evaluations(ctx: &Context<'_>, customer: Uuid) -> ApiResult<Vec<KaEvaluationNode>> {
    let rows = ka::ka_evaluations(&state(ctx).pool, actor(ctx)?, customer).await?;
    Ok(rows.into_iter().map(KaEvaluationNode).collect())
}

/// The customer record's own audit trail (entity `CUSTOMER`), newest first;
/// the customer was loaded within scope.
pub async fn audit_trail(
    ctx: &Context<'_>,
    customer: Uuid,
    p: Paging,
) -> ApiResult<Conn<AuditEntryNode>> {
    actor(ctx)?;
    let req = page_request(p.first, p.after, p.last, p.before)?;
    let page = audit::trail(&state(ctx).pool, "CUSTOMER", customer, &req).await?;
    Ok(connection(page, AuditEntryNode, no_total()))
}

//! CUS-1 grade governance over GraphQL: a rep requests another grade of a
//! customer; the owner's supervisor or above approves or returns it.

use crate::schema::customers::loaders::customer_node;
use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::grade::{self, GradeRequest};

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::schema::common::id;
use crate::schema::common::uuid;
use crate::schema::customers::enums::Grade;
use crate::schema::customers::types::CustomerNode;
use crate::schema::org::types::{PersonNode, person};

/// Where a grade request stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum GradeRequestStatus {
    Pending,
    Approved,
    Returned,
}

impl GradeRequestStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Approved => "APPROVED",
            Self::Returned => "RETURNED",
        }
    }
}

/// CUS-1: a request for another grade of a customer.
pub struct GradeRequestNode(pub GradeRequest);

#[Object(name = "CustomerGradeRequest")]
impl GradeRequestNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Null when the customer is no longer in the caller's scope.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.0.customer_id).await
    }
    async fn requested_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.requested_by)).await
    }
    async fn from_grade(&self) -> Grade {
        self.0.from_grade.into()
    }
    async fn to_grade(&self) -> Grade {
        self.0.to_grade.into()
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn status(&self) -> GradeRequestStatus {
        match self.0.status.as_str() {
            "APPROVED" => GradeRequestStatus::Approved,
            "RETURNED" => GradeRequestStatus::Returned,
            _ => GradeRequestStatus::Pending,
        }
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.decided_by).await
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// Why it was returned (or a note on the approval).
    async fn decision_reason(&self) -> Option<&str> {
        self.0.decision_reason.as_deref()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Default)]
pub struct GradeRequestQuery;

#[Object]
impl GradeRequestQuery {
    /// CUS-1: grade requests on customers the caller may change (a rep:
    /// their own; a supervisor: the team's), newest first, at most 200.
    /// The approvals inbox asks for `PENDING`.
    async fn customer_grade_requests(
        &self,
        ctx: &Context<'_>,
        status: Option<GradeRequestStatus>,
        customer_id: Option<ID>,
    ) -> ApiResult<Vec<GradeRequestNode>> {
        let customer = customer_id
            .as_ref()
            .map(|c| uuid("customerId", c))
            .transpose()?;
        let rows = grade::list_grade_requests(
            &state(ctx).pool,
            actor(ctx)?,
            status.map(GradeRequestStatus::as_str),
            customer,
        )
        .await?;
        Ok(rows.into_iter().map(GradeRequestNode).collect())
    }
}

#[derive(Default)]
pub struct GradeRequestMutation;

#[Object]
impl GradeRequestMutation {
    /// CUS-1: asks the owner's supervisor for another grade of a customer
    /// the caller may change (reason 1–500 characters); one pending request
    /// per customer (CONFLICT). Reps change no grade themselves.
    async fn request_customer_grade(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        grade: Grade,
        reason: String,
    ) -> ApiResult<GradeRequestNode> {
        let dctx = domain_ctx(ctx)?;
        let customer = uuid("customerId", &customer_id)?;
        Ok(GradeRequestNode(
            grade::request_grade(&state(ctx).pool, &dctx, customer, grade.into(), &reason).await?,
        ))
    }

    /// CUS-1: the owner's supervisor or above (never the requester)
    /// approves — the customer takes the grade — or returns the request
    /// with a reason (required to return).
    async fn decide_customer_grade_request(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        approve: bool,
        reason: Option<String>,
    ) -> ApiResult<GradeRequestNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(GradeRequestNode(
            grade::decide_grade_request(
                &state(ctx).pool,
                &dctx,
                id,
                version,
                approve,
                reason.as_deref(),
            )
            .await?,
        ))
    }
}

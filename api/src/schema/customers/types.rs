//! GraphQL object types of customers, contacts and ownership (CUS-1..4).

use crate::schema::customers::loaders::customer_loaders;
use crate::schema::org::loaders::org_loaders;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::model::Customer;

use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::paging::NoTotal;
use crate::schema::common::paging::page_complexity;
use crate::schema::customers::complaints::ComplaintConnectionFields;
use crate::schema::customers::complaints::types::ComplaintNode;
pub use crate::schema::customers::contacts::*;
use crate::schema::customers::detail::{self as detail, DETAIL, Paging};
pub use crate::schema::customers::enums::*;
use crate::schema::customers::interactions::types::{
    CustomerSatisfaction, FollowUpNode, InteractionNode, RevisitStatusNode,
};
use crate::schema::customers::key_accounts::types::{
    KaApplicationNode, KaEvaluationNode, KaPlanNode,
};
use crate::schema::org::types::AuditEntryNode;
use crate::schema::org::types::{OrgUnitNode, PersonNode, person};

/// A customer (CUS-1), visible per ORG-3 plus the public pool.
pub struct CustomerNode(pub Customer);

#[Object(name = "Customer")]
impl CustomerNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The unified social credit code (统一社会信用代码).
    async fn credit_code(&self) -> Option<&str> {
        self.0.credit_code.as_deref()
    }
    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }
    async fn size_class(&self) -> Option<SizeClass> {
        self.0.size_class.map(Into::into)
    }
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn source(&self) -> Source {
        self.0.source.into()
    }
    async fn grade(&self) -> Grade {
        self.0.grade.into()
    }
    async fn tier(&self) -> Tier {
        self.0.tier.into()
    }
    async fn status(&self) -> CustomerStatus {
        self.0.status.into()
    }
    async fn credit_rating(&self) -> Option<&str> {
        self.0.credit_rating.as_deref()
    }
    /// REC-8: the limit set for this customer; null when none is set (the
    /// grade default applies, see `creditStatus`) or "no limit" was set.
    async fn credit_limit(&self) -> Option<Decimal> {
        self.0.credit_limit.map(Decimal)
    }
    /// REC-8: "no limit" was set explicitly for this customer.
    async fn credit_unlimited(&self) -> bool {
        self.0.credit_unlimited
    }
    /// Null while the customer is in the public pool.
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    async fn owner_unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(u) = self.0.owner_unit_id else {
            return Ok(None);
        };
        Ok(org_loaders(ctx).units.load_one(u).await?.map(OrgUnitNode))
    }
    async fn owned_since(&self) -> Option<DateTime<Utc>> {
        self.0.owned_since
    }
    async fn in_pool(&self) -> bool {
        self.0.owner_id.is_none()
    }
    async fn key_account(&self) -> bool {
        self.0.key_account
    }
    async fn ka_class(&self) -> Option<KaClass> {
        self.0.ka_class.map(Into::into)
    }
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }
    async fn last_interaction_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_interaction_at
    }
    /// CUS-4: the previous owner may claim it back from this date.
    async fn reclaim_blocked_until(&self) -> Option<Date> {
        self.0.reclaim_block_until.map(Date)
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Contacts, active first.
    async fn contacts(&self, ctx: &Context<'_>) -> ApiResult<Vec<ContactNode>> {
        let list = customer_loaders(ctx)
            .contacts
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(list.into_iter().map(ContactNode).collect())
    }
    /// Every change of owner, oldest first (CUS-3).
    async fn owner_history(&self, ctx: &Context<'_>) -> ApiResult<Vec<OwnerChangeNode>> {
        let rows = customer_loaders(ctx)
            .owner_history
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(OwnerChangeNode).collect())
    }
    /// CUS-5 interactions, newest first. Detail-only (complexity 200).
    #[graphql(complexity = "DETAIL + page_complexity(first, last, child_complexity)")]
    async fn interactions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, InteractionNode, NoTotal>> {
        let p = Paging {
            first,
            after,
            last,
            before,
        };
        detail::interactions(ctx, self.0.id, p).await
    }
    /// CUS-6: last qualifying interaction, next due, days overdue (batched).
    async fn revisit_status(&self, ctx: &Context<'_>) -> ApiResult<RevisitStatusNode> {
        detail::revisit_status(ctx, self.0.id).await
    }
    /// Open follow-up tasks, earliest due first. Detail-only.
    #[graphql(complexity = "DETAIL + page_complexity(first, last, child_complexity)")]
    async fn follow_ups(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, FollowUpNode, NoTotal>> {
        let p = Paging {
            first,
            after,
            last,
            before,
        };
        detail::open_follow_ups(ctx, self.0.id, p).await
    }
    /// CUS-8 average, count and latest survey. Detail-only.
    #[graphql(complexity = "DETAIL + child_complexity")]
    async fn satisfaction(&self, ctx: &Context<'_>) -> ApiResult<CustomerSatisfaction> {
        detail::satisfaction(ctx, self.0.id).await
    }
    /// CUS-9 complaints the caller may see (complaint scope), newest first.
    /// Detail-only.
    #[graphql(complexity = "DETAIL + page_complexity(first, last, child_complexity)")]
    async fn complaints(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, ComplaintNode, ComplaintConnectionFields>> {
        let p = Paging {
            first,
            after,
            last,
            before,
        };
        detail::complaints(ctx, self.0.id, p).await
    }
    /// KA-1/2 admission applications, newest first. Detail-only.
    #[graphql(complexity = "DETAIL + page_complexity(first, last, child_complexity)")]
    async fn key_account_applications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, KaApplicationNode, NoTotal>> {
        let p = Paging {
            first,
            after,
            last,
            before,
        };
        detail::ka_applications(ctx, self.0.id, p).await
    }
    /// KA-3 annual plans, newest year first. Detail-only.
    #[graphql(complexity = "DETAIL + child_complexity")]
    async fn key_account_plans(&self, ctx: &Context<'_>) -> ApiResult<Vec<KaPlanNode>> {
        detail::ka_plans(ctx, self.0.id).await
    }
    /// KA-4 quarterly evaluations, newest first. Detail-only.
    #[graphql(complexity = "DETAIL + child_complexity")]
    async fn key_account_evaluations(&self, ctx: &Context<'_>) -> ApiResult<Vec<KaEvaluationNode>> {
        detail::ka_evaluations(ctx, self.0.id).await
    }
    /// ORG-4 audit trail of the customer record (entity CUSTOMER), newest
    /// first. Detail-only.
    #[graphql(complexity = "DETAIL + page_complexity(first, last, child_complexity)")]
    async fn audit_trail(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, AuditEntryNode, NoTotal>> {
        let p = Paging {
            first,
            after,
            last,
            before,
        };
        detail::audit_trail(ctx, self.0.id, p).await
    }
}

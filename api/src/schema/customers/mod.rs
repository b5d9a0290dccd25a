//! CUS-1 and CUS-2 queries and mutations: customers, contacts, duplicates.

pub mod complaints;
pub mod contacts;
pub mod detail;
pub mod enums;
pub mod grade_requests;
pub mod inputs;
pub mod interactions;
pub mod key_accounts;
pub mod loaders;
pub mod ownership;
pub mod types;

use crate::schema::customers::loaders::customer_loaders;
use async_graphql::MergedObject;
use async_graphql::connection::Connection;
use async_graphql::{Context, ID, MaybeUndefined, Object};
use salesd_domain::customers::contacts as contact_store;
use salesd_domain::customers::query::{self, CustomerFilter as DFilter, CustomerOrder};
use salesd_domain::customers::store::{self, CustomerPatch, NewCustomer, OwnerChoice};
use salesd_domain::org::Actor;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::OrderDirection;
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::customers::inputs::*;
use crate::schema::customers::types::*;

/// The extra fields of a customer connection.
pub struct CustomerConnectionFields {
    actor: Actor,
    filter: DFilter,
}

#[Object]
impl CustomerConnectionFields {
    /// How many customers match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(query::count_customers(&state(ctx).pool, &self.actor, &self.filter).await?)
    }
}

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
#[allow(clippy::too_many_arguments)]
impl CustomerQuery {
    /// A customer; NOT_FOUND outside the caller's scope (ORG-3; the pool is visible to sales).
    async fn customer(&self, ctx: &Context<'_>, id: ID) -> ApiResult<CustomerNode> {
        let id = uuid("id", &id)?;
        customer_loaders(ctx)
            .customers
            .load_one(id)
            .await?
            .map(CustomerNode)
            .ok_or_else(ApiError::not_found)
    }

    /// Customers within the caller's scope, filtered and ordered.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        order_by: Option<CustomerOrderBy>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, CustomerNode, CustomerConnectionFields>> {
        let actor = actor(ctx)?.clone();
        let req = page_request(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        if f.name.as_ref().is_some_and(|s| s.chars().count() > 200) {
            return Err(ApiError::validation(
                "name",
                "must be at most 200 characters",
            ));
        }
        let filter = DFilter {
            fuzzy: f.fuzzy && f.name.as_deref().is_some_and(|s| !s.trim().is_empty()),
            name: f.name,
            industry: f.industry,
            size_class: f.size_class.map(Into::into),
            grade: f.grade.map(Into::into),
            tier: f.tier.map(Into::into),
            status: f.status.map(Into::into),
            region: f.region,
            owner_id: f
                .owner_id
                .as_ref()
                .map(|u| uuid("ownerId", u))
                .transpose()?,
            key_account: f.key_account,
            in_pool: f.in_pool,
            revisit_overdue: f.revisit_overdue,
            today: Some(salesd_domain::customers::revisit::company_date(
                state(ctx).clock.now(),
            )),
        };
        let (order, desc) = match order_by {
            Some(o) => (
                match o.field {
                    CustomerOrderField::Name => CustomerOrder::Name,
                    CustomerOrderField::CreatedAt => CustomerOrder::CreatedAt,
                    CustomerOrderField::LastInteraction => CustomerOrder::LastInteraction,
                    CustomerOrderField::NextRevisitDue => CustomerOrder::NextRevisitDue,
                },
                o.direction == OrderDirection::Desc,
            ),
            None if filter.fuzzy => (CustomerOrder::Similarity, true),
            None => (CustomerOrder::Name, false),
        };
        let page =
            query::list_customers(&state(ctx).pool, &actor, &filter, order, desc, &req).await?;
        Ok(connection(
            page,
            CustomerNode,
            CustomerConnectionFields { actor, filter },
        ))
    }

    /// CUS-2 duplicate check before creating: possible duplicates whoever
    /// owns them (the one exception to ORG-3), as id, name and owner name only.
    async fn duplicate_candidates(
        &self,
        ctx: &Context<'_>,
        name: String,
        credit_code: Option<String>,
    ) -> ApiResult<Vec<DuplicateCandidateNode>> {
        actor(ctx)?;
        if name.chars().count() > 200 {
            return Err(ApiError::validation(
                "name",
                "must be at most 200 characters",
            ));
        }
        let code = credit_code
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(salesd_domain::customers::CreditCode::parse)
            .transpose()?;
        let rows = salesd_domain::customers::duplicates::duplicate_candidates(
            &state(ctx).pool,
            &name,
            code.as_ref().map(|c| c.as_str()),
        )
        .await?;
        Ok(rows.into_iter().map(DuplicateCandidateNode).collect())
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// CUS-1 with the CUS-2 duplicate check; `confirmDistinct` overrides a similar name (not a credit code).
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CreateCustomerInput,
        #[graphql(default)] confirm_distinct: bool,
    ) -> ApiResult<CustomerNode> {
        let dctx = domain_ctx(ctx)?;
        let owner = match &input.owner_id {
            MaybeUndefined::Undefined => OwnerChoice::Default,
            MaybeUndefined::Null => OwnerChoice::Pool,
            MaybeUndefined::Value(id) => OwnerChoice::User(uuid("ownerId", id)?),
        };
        let new = NewCustomer {
            name: input.name,
            credit_code: input.credit_code,
            industry: input.industry,
            size_class: input.size_class.map(Into::into),
            region: input.region,
            address: input.address,
            source: input
                .source
                .map_or(salesd_domain::customers::model::Source::Other, Into::into),
            grade: input
                .grade
                .map_or(salesd_domain::customers::model::Grade::General, Into::into),
            tier: input
                .tier
                .map_or(salesd_domain::customers::model::Tier::C, Into::into),
            status: input.status.map_or(
                salesd_domain::customers::model::CustomerStatus::Potential,
                Into::into,
            ),
            credit_rating: input.credit_rating,
            credit_limit: input.credit_limit.map(|d| d.0),
            tags: input.tags,
            contacts: input.contacts.into_iter().map(Into::into).collect(),
            owner,
            confirm_distinct,
        };
        Ok(CustomerNode(
            store::create_customer(&state(ctx).pool, &dctx, new).await?,
        ))
    }

    /// Changes a customer (not its owner); a new name or credit code is checked again (CUS-2).
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        input: UpdateCustomerInput,
        #[graphql(default)] confirm_distinct: bool,
    ) -> ApiResult<CustomerNode> {
        let dctx = domain_ctx(ctx)?;
        let i = input;
        let patch = CustomerPatch {
            id: uuid("id", &i.id)?,
            version: i.version,
            name: i.name,
            credit_code: opt(i.credit_code, |v| v),
            industry: opt(i.industry, |v| v),
            size_class: opt(i.size_class, Into::into),
            region: opt(i.region, |v| v),
            address: opt(i.address, |v| v),
            source: i.source.map(Into::into),
            grade: i.grade.map(Into::into),
            tier: i.tier.map(Into::into),
            status: i.status.map(Into::into),
            credit_rating: opt(i.credit_rating, |v| v),
            credit_limit: i.credit_limit.map(|d| d.0),
            tags: i.tags,
            confirm_distinct,
        };
        Ok(CustomerNode(
            store::update_customer(&state(ctx).pool, &dctx, patch).await?,
        ))
    }

    async fn add_contact(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        input: ContactInput,
    ) -> ApiResult<ContactNode> {
        let dctx = domain_ctx(ctx)?;
        let customer = uuid("customerId", &customer_id)?;
        Ok(ContactNode(
            contact_store::add_contact(&state(ctx).pool, &dctx, customer, input.into()).await?,
        ))
    }

    /// Replaces a contact's fields.
    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: ContactInput,
    ) -> ApiResult<ContactNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContactNode(
            contact_store::update_contact(&state(ctx).pool, &dctx, id, version, input.into())
                .await?,
        ))
    }

    async fn deactivate_contact(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<ContactNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContactNode(
            contact_store::deactivate_contact(&state(ctx).pool, &dctx, id, version).await?,
        ))
    }
}

/// The customers context's queries: customers and contacts (CUS-1/2),
/// ownership (CUS-3/4), grade requests (CUS-5), interactions and revisits
/// (CUS-6/7), complaints (CUS-9) and key accounts (KA).
#[derive(MergedObject, Default)]
pub struct CustomersQuery(
    CustomerQuery,
    ownership::OwnershipQuery,
    grade_requests::GradeRequestQuery,
    interactions::InteractionsQuery,
    complaints::ComplaintQuery,
    key_accounts::KeyAccountQuery,
);

#[derive(MergedObject, Default)]
pub struct CustomersMutation(
    CustomerMutation,
    ownership::OwnershipMutation,
    grade_requests::GradeRequestMutation,
    interactions::InteractionsMutation,
    complaints::ComplaintMutation,
    key_accounts::KeyAccountMutation,
);

//! The customers context's loaders: customers (scoped), contacts, owner
//! history, dispute shares and revisit status.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use salesd_domain::customers::contacts::{self, Contact};
use salesd_domain::customers::disputes::{self, Share};
use salesd_domain::customers::model::Customer;
use salesd_domain::customers::query::{self as customer_query, OwnerChange};
use salesd_domain::customers::revisit_store::{self, RevisitStatus};
use salesd_domain::org::Actor;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ApiError;
use crate::schema::common::loaders::batched;
use crate::schema::common::loaders::rows_by_parent;

pub struct CustomerLoaders {
    pub customers: DataLoader<CustomerLoader>,
    pub contacts: DataLoader<ContactsByCustomer>,
    pub owner_history: DataLoader<OwnerHistoryLoader>,
    pub dispute_shares: DataLoader<DisputeSharesLoader>,
    pub revisit_status: DataLoader<RevisitStatusLoader>,
}

impl CustomerLoaders {
    /// `actor`: whose scope the customer loader applies.
    pub fn new(pool: &PgPool, window: Duration, actor: Option<&Actor>) -> Self {
        Self {
            customers: batched(CustomerLoader(pool.clone(), actor.cloned()), window),
            contacts: batched(ContactsByCustomer(pool.clone()), window),
            owner_history: batched(OwnerHistoryLoader(pool.clone()), window),
            dispute_shares: batched(DisputeSharesLoader(pool.clone()), window),
            revisit_status: batched(RevisitStatusLoader(pool.clone()), window),
        }
    }
}

pub fn customer_loaders<'a>(ctx: &Context<'a>) -> &'a CustomerLoaders {
    ctx.data_unchecked::<CustomerLoaders>()
}

/// Customers by id, scoped by the caller (ORG-3 plus the pool): a customer
/// outside the scope loads as absent.
pub struct CustomerLoader(PgPool, Option<Actor>);

impl Loader<Uuid> for CustomerLoader {
    type Value = Customer;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Customer>, ApiError> {
        let Some(actor) = &self.1 else {
            return Ok(HashMap::new());
        };
        let rows = customer_query::customers_by_ids(&self.0, actor, keys).await?;
        Ok(rows.into_iter().map(|c| (c.id, c)).collect())
    }
}

rows_by_parent!(
    /// The contacts of each customer (the caller has loaded the customer in scope).
    ContactsByCustomer, Contact, contacts::contacts_of, |c| c.customer_id,
);

rows_by_parent!(
    /// The owner history of each customer, oldest first (CUS-3).
    OwnerHistoryLoader, OwnerChange, customer_query::owner_histories, |h| h.customer_id,
);

/// The performance shares decided in each dispute (CUS-3).
pub struct DisputeSharesLoader(PgPool);

impl Loader<Uuid> for DisputeSharesLoader {
    type Value = Vec<Share>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Share>>, ApiError> {
        let mut out: HashMap<Uuid, Vec<Share>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for (d, s) in disputes::shares_of(&self.0, keys).await? {
            out.entry(d).or_default().push(s);
        }
        Ok(out)
    }
}

/// CUS-6 revisit status of each customer as of a company day (the caller
/// has loaded the customers within scope): two statements per batch.
pub struct RevisitStatusLoader(PgPool);

impl Loader<(Uuid, chrono::NaiveDate)> for RevisitStatusLoader {
    type Value = RevisitStatus;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[(Uuid, chrono::NaiveDate)],
    ) -> Result<HashMap<(Uuid, chrono::NaiveDate), RevisitStatus>, ApiError> {
        let mut out = HashMap::new();
        let mut days: Vec<chrono::NaiveDate> = keys.iter().map(|k| k.1).collect();
        days.sort();
        days.dedup();
        for day in days {
            let ids: Vec<Uuid> = keys.iter().filter(|k| k.1 == day).map(|k| k.0).collect();
            for s in revisit_store::statuses_of(&self.0, &ids, day).await? {
                out.insert((s.customer_id, day), s);
            }
        }
        Ok(out)
    }
}

/// The customer `id` as the caller may see it (ORG-3 through the request's
/// scoped loader): `None` when it is outside the caller's scope.
pub async fn customer_node(
    ctx: &Context<'_>,
    id: Uuid,
) -> crate::error::ApiResult<Option<crate::schema::customers::types::CustomerNode>> {
    Ok(customer_loaders(ctx)
        .customers
        .load_one(id)
        .await?
        .map(crate::schema::customers::types::CustomerNode))
}

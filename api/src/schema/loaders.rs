//! DataLoaders for every to-one and to-many hop, made fresh per request so
//! their caches never outlive the caller's scope: a page of 200 records costs
//! a constant number of SQL statements.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use salesd_domain::customers::contacts::{self, Contact};
use salesd_domain::customers::disputes::{self, Share};
use salesd_domain::customers::model::Customer;
use salesd_domain::customers::query::{self as customer_query, OwnerChange};
use salesd_domain::customers::revisit_store::{self, RevisitStatus};
use salesd_domain::org::rules::DirectHead;
use salesd_domain::org::{Actor, OrgUnit, Person, store};
use salesd_domain::pipeline::opportunities::{self, StageHistoryRow, TeamMember};
use salesd_domain::pipeline::quotes::{self, Quote};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ApiError;

pub struct Loaders {
    pub units: DataLoader<UnitLoader>,
    pub persons: DataLoader<PersonLoader>,
    pub children: DataLoader<ChildrenLoader>,
    pub direct_heads: DataLoader<DirectHeadLoader>,
    pub org5_heads: DataLoader<Org5HeadLoader>,
    pub customers: DataLoader<CustomerLoader>,
    pub contacts: DataLoader<ContactsByCustomer>,
    pub owner_history: DataLoader<OwnerHistoryLoader>,
    pub dispute_shares: DataLoader<DisputeSharesLoader>,
    pub revisit_status: DataLoader<RevisitStatusLoader>,
    pub stage_history: DataLoader<StageHistoryLoader>,
    pub teams: DataLoader<TeamLoader>,
    pub quotes: DataLoader<QuotesByOpportunity>,
    pub contract_installments: DataLoader<super::contract_types::InstallmentsByContract>,
    pub orders: super::order_types::OrderLoaders,
    pub assessment_facts: DataLoader<super::assessment_types::FactsLoader>,
}

impl Loaders {
    /// `window`: how long each loader collects keys before it queries
    /// (`ApiConfig::loader_window`).
    /// `actor`: whose scope the scoped loaders (customers) apply.
    pub fn new(pool: &PgPool, window: std::time::Duration, actor: Option<&Actor>) -> Self {
        Self {
            customers: DataLoader::new(CustomerLoader(pool.clone(), actor.cloned()), tokio::spawn)
                .delay(window),
            contacts: DataLoader::new(ContactsByCustomer(pool.clone()), tokio::spawn).delay(window),
            owner_history: DataLoader::new(OwnerHistoryLoader(pool.clone()), tokio::spawn)
                .delay(window),
            dispute_shares: DataLoader::new(DisputeSharesLoader(pool.clone()), tokio::spawn)
                .delay(window),
            revisit_status: DataLoader::new(RevisitStatusLoader(pool.clone()), tokio::spawn)
                .delay(window),
            stage_history: DataLoader::new(StageHistoryLoader(pool.clone()), tokio::spawn)
                .delay(window),
            teams: DataLoader::new(TeamLoader(pool.clone()), tokio::spawn).delay(window),
            quotes: DataLoader::new(QuotesByOpportunity(pool.clone()), tokio::spawn).delay(window),
            contract_installments: DataLoader::new(
                super::contract_types::InstallmentsByContract(pool.clone()),
                tokio::spawn,
            )
            .delay(window),
            orders: super::order_types::OrderLoaders::new(pool, window),
            assessment_facts: DataLoader::new(
                super::assessment_types::FactsLoader(pool.clone()),
                tokio::spawn,
            )
            .delay(window),
            units: DataLoader::new(UnitLoader(pool.clone()), tokio::spawn).delay(window),
            persons: DataLoader::new(PersonLoader(pool.clone()), tokio::spawn).delay(window),
            children: DataLoader::new(ChildrenLoader(pool.clone()), tokio::spawn).delay(window),
            direct_heads: DataLoader::new(DirectHeadLoader(pool.clone()), tokio::spawn)
                .delay(window),
            org5_heads: DataLoader::new(Org5HeadLoader(pool.clone()), tokio::spawn).delay(window),
        }
    }
}

/// Units by id (the tree is company-wide knowledge, so unscoped).
pub struct UnitLoader(PgPool);

impl Loader<Uuid> for UnitLoader {
    type Value = OrgUnit;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, OrgUnit>, ApiError> {
        let rows = store::units_by_ids(&self.0, keys).await?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}

/// Directory entries (id and name) by user id.
pub struct PersonLoader(PgPool);

impl Loader<Uuid> for PersonLoader {
    type Value = Person;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Person>, ApiError> {
        let rows = store::persons_by_ids(&self.0, keys).await?;
        Ok(rows.into_iter().map(|p| (p.id, p)).collect())
    }
}

/// The rows of a one-to-many loader grouped by their parent key, every
/// requested key present (an empty list when it has no rows), rows kept in
/// the order the query returned them.
pub fn group_by<T>(
    keys: &[Uuid],
    rows: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> Uuid,
) -> HashMap<Uuid, Vec<T>> {
    let mut out: HashMap<Uuid, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}

/// The sub-units of each unit.
pub struct ChildrenLoader(PgPool);

impl Loader<Uuid> for ChildrenLoader {
    type Value = Vec<OrgUnit>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<OrgUnit>>, ApiError> {
        let mut out: HashMap<Uuid, Vec<OrgUnit>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for u in store::children_of(&self.0, keys).await? {
            if let Some(p) = u.parent_id {
                out.entry(p).or_default().push(u);
            }
        }
        Ok(out)
    }
}

/// ORG-5 strictly: each user's direct head, or the unit whose head is missing.
pub struct Org5HeadLoader(PgPool);

impl Loader<Uuid> for Org5HeadLoader {
    type Value = DirectHead;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, DirectHead>, ApiError> {
        Ok(store::direct_heads_strict(&self.0, keys).await?)
    }
}

/// Who hears escalations about each user: the direct head, or the nearest
/// head above a vacancy.
pub struct DirectHeadLoader(PgPool);

impl Loader<Uuid> for DirectHeadLoader {
    type Value = Uuid;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Uuid>, ApiError> {
        Ok(store::direct_heads(&self.0, keys).await?)
    }
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

/// The contacts of each customer (the caller has loaded the customer in scope).
pub struct ContactsByCustomer(PgPool);

impl Loader<Uuid> for ContactsByCustomer {
    type Value = Vec<Contact>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Contact>>, ApiError> {
        Ok(group_by(
            keys,
            contacts::contacts_of(&self.0, keys).await?,
            |c| c.customer_id,
        ))
    }
}

/// The owner history of each customer, oldest first (CUS-3).
pub struct OwnerHistoryLoader(PgPool);

impl Loader<Uuid> for OwnerHistoryLoader {
    type Value = Vec<OwnerChange>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<OwnerChange>>, ApiError> {
        Ok(group_by(
            keys,
            customer_query::owner_histories(&self.0, keys).await?,
            |h| h.customer_id,
        ))
    }
}

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

/// The PIP-2 stage history of each opportunity, oldest first (the caller
/// has loaded the opportunity in scope). `timeInStages` derives from it.
pub struct StageHistoryLoader(PgPool);

impl Loader<Uuid> for StageHistoryLoader {
    type Value = Vec<StageHistoryRow>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<StageHistoryRow>>, ApiError> {
        Ok(group_by(
            keys,
            opportunities::stage_history(&self.0, keys).await?,
            |h| h.opportunity_id,
        ))
    }
}

/// The PIP-4 project team of each opportunity, by role then time added (the
/// caller has loaded the opportunity in scope).
pub struct TeamLoader(PgPool);

impl Loader<Uuid> for TeamLoader {
    type Value = Vec<TeamMember>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<TeamMember>>, ApiError> {
        Ok(group_by(
            keys,
            opportunities::team(&self.0, keys).await?,
            |m| m.opportunity_id,
        ))
    }
}

/// The PIP-6 quotes of each opportunity, newest version first. A quote is
/// visible exactly when its opportunity is, and the caller has loaded the
/// opportunity in scope.
pub struct QuotesByOpportunity(PgPool);

impl Loader<Uuid> for QuotesByOpportunity {
    type Value = Vec<Quote>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Quote>>, ApiError> {
        Ok(group_by(
            keys,
            quotes::by_opportunities(&self.0, keys).await?,
            |q| q.opportunity_id,
        ))
    }
}

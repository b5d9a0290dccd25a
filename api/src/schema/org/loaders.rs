//! The org context's loaders: units, people and heads.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use salesd_domain::org::rules::DirectHead;
use salesd_domain::org::{OrgUnit, Person, store};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ApiError;
use crate::schema::common::loaders::batched;

pub struct OrgLoaders {
    pub units: DataLoader<UnitLoader>,
    pub persons: DataLoader<PersonLoader>,
    pub children: DataLoader<ChildrenLoader>,
    pub direct_heads: DataLoader<DirectHeadLoader>,
    pub org5_heads: DataLoader<Org5HeadLoader>,
}

impl OrgLoaders {
    pub fn new(pool: &PgPool, window: Duration) -> Self {
        Self {
            units: batched(UnitLoader(pool.clone()), window),
            persons: batched(PersonLoader(pool.clone()), window),
            children: batched(ChildrenLoader(pool.clone()), window),
            direct_heads: batched(DirectHeadLoader(pool.clone()), window),
            org5_heads: batched(Org5HeadLoader(pool.clone()), window),
        }
    }
}

pub fn org_loaders<'a>(ctx: &Context<'a>) -> &'a OrgLoaders {
    ctx.data_unchecked::<OrgLoaders>()
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

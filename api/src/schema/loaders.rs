//! DataLoaders for every to-one and to-many hop, made fresh per request so
//! their caches never outlive the caller's scope: a page of 200 records costs
//! a constant number of SQL statements.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use salesd_domain::org::{OrgUnit, Person, store};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ApiError;

pub struct Loaders {
    pub units: DataLoader<UnitLoader>,
    pub persons: DataLoader<PersonLoader>,
    pub children: DataLoader<ChildrenLoader>,
    pub direct_heads: DataLoader<DirectHeadLoader>,
}

impl Loaders {
    /// `window`: how long each loader collects keys before it queries
    /// (`ApiConfig::loader_window`).
    pub fn new(pool: &PgPool, window: std::time::Duration) -> Self {
        Self {
            units: DataLoader::new(UnitLoader(pool.clone()), tokio::spawn).delay(window),
            persons: DataLoader::new(PersonLoader(pool.clone()), tokio::spawn).delay(window),
            children: DataLoader::new(ChildrenLoader(pool.clone()), tokio::spawn).delay(window),
            direct_heads: DataLoader::new(DirectHeadLoader(pool.clone()), tokio::spawn)
                .delay(window),
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

/// ORG-5 direct head of each user.
pub struct DirectHeadLoader(PgPool);

impl Loader<Uuid> for DirectHeadLoader {
    type Value = Uuid;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Uuid>, ApiError> {
        Ok(store::direct_heads(&self.0, keys).await?)
    }
}

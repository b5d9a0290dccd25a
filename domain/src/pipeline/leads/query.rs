//! PIP-1 reads: one lead and the filtered, keyset-paged list, scoped by
//! ORG-3 ([`push_lead_scope`]).

use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{Lead, LeadStatus, push_lead_scope};
use crate::error::DomainResult;
use crate::org::{Access, Actor};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

/// Filters of the lead list.
#[derive(Clone, Debug, Default)]
pub struct LeadFilter {
    pub status: Option<LeadStatus>,
    pub min_score: Option<i16>,
    pub owner_id: Option<Uuid>,
}

/// Orders of the lead list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LeadOrder {
    /// Highest score first.
    #[default]
    Score,
    /// Newest first.
    CreatedAt,
}

fn push_from(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &LeadFilter) {
    qb.push(" FROM leads l WHERE TRUE");
    push_lead_scope(qb, actor, Access::Read);
    if let Some(s) = f.status {
        qb.push(" AND l.status = ").push_bind(s.as_str());
    }
    if let Some(m) = f.min_score {
        qb.push(" AND l.score >= ").push_bind(m);
    }
    if let Some(o) = f.owner_id {
        qb.push(" AND l.owner_id = ").push_bind(o);
    }
}

/// The leads the actor may read, filtered, by score or newest first.
pub async fn list_leads(
    pool: &PgPool,
    actor: &Actor,
    filter: &LeadFilter,
    order: LeadOrder,
    req: &PageRequest,
) -> DomainResult<Page<Lead>> {
    let sort = match order {
        LeadOrder::Score => SortKey {
            expr: "l.score",
            sql_type: "smallint",
            descending: true,
        },
        LeadOrder::CreatedAt => SortKey {
            expr: "l.created_at",
            sql_type: "timestamptz",
            descending: true,
        },
    };
    let mut qb = QueryBuilder::new(format!("SELECT l.*, ({})::text AS sort_key", sort.expr));
    push_from(&mut qb, actor, filter);
    page::push_keyset(&mut qb, "l.id", sort, req);
    let rows: Vec<Keyed<Lead>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |l| l.id, req))
}

/// How many leads match the filter, within scope.
pub async fn count_leads(pool: &PgPool, actor: &Actor, filter: &LeadFilter) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_from(&mut qb, actor, filter);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// One lead, if the actor may read it.
pub async fn get_lead(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Lead>> {
    let mut qb = QueryBuilder::new("SELECT l.* FROM leads l WHERE l.id = ");
    qb.push_bind(id);
    push_lead_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

//! PIP-2 reads: one opportunity, many by id, the filtered keyset list; all
//! scoped by ORG-3 including project-team membership (PIP-4).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::Opportunity;
use crate::error::DomainResult;
use crate::org::{Access, Actor, Resource, Scope};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};
use crate::pipeline::stages::Stage;

/// The team hook of ORG-3: a member of the opportunity's project team.
const TEAM_EXISTS: &str = "EXISTS (SELECT 1 FROM opportunity_team_members tm \
     WHERE tm.opportunity_id = o.id AND tm.user_id = {member})";

/// ORG-3 for opportunities (`o`): owner, units, and — for reads — the
/// project team. Team membership never grants writes: the write scope is
/// the owner and managers over the unit.
pub fn push_opportunity_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    let scope = Scope::of(actor, Resource::Opportunity, access);
    let team = (access == Access::Read).then_some(TEAM_EXISTS);
    scope.push_filter(qb, "o.owner_id", "o.owner_unit_id", team);
}

/// Filter of `opportunities`.
#[derive(Clone, Debug, Default)]
pub struct OpportunityFilter {
    pub stage: Option<Stage>,
    pub owner_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    /// Open and not moved for at least this many company days.
    pub stalled_for_days: Option<i32>,
    pub closing_from: Option<NaiveDate>,
    pub closing_to: Option<NaiveDate>,
}

/// Order of `opportunities`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OpportunityOrder {
    /// Newest first.
    #[default]
    CreatedAt,
    /// Soonest expected close first (no date last).
    ExpectedClose,
}

impl OpportunityOrder {
    fn key(self) -> SortKey {
        match self {
            OpportunityOrder::CreatedAt => SortKey {
                expr: "o.created_at",
                sql_type: "timestamptz",
                descending: true,
            },
            OpportunityOrder::ExpectedClose => SortKey {
                expr: "COALESCE(o.expected_close_date, 'infinity'::date)",
                sql_type: "date",
                descending: false,
            },
        }
    }
}

fn push_from(
    qb: &mut QueryBuilder<Postgres>,
    actor: &Actor,
    f: &OpportunityFilter,
    now: DateTime<Utc>,
) {
    qb.push(" FROM opportunities o WHERE TRUE");
    push_opportunity_scope(qb, actor, Access::Read);
    if let Some(s) = f.stage {
        qb.push(" AND o.stage = ").push_bind(s.as_str());
    }
    if let Some(v) = f.owner_id {
        qb.push(" AND o.owner_id = ").push_bind(v);
    }
    if let Some(v) = f.customer_id {
        qb.push(" AND o.customer_id = ").push_bind(v);
    }
    if let Some(days) = f.stalled_for_days {
        // Moved on or before the company day `days` before today.
        let today = crate::clock::company_date(now);
        let cutoff = today - chrono::Duration::days(i64::from(days));
        let next = crate::clock::start_of_day(cutoff + chrono::Duration::days(1));
        qb.push(" AND o.stage NOT IN ('WON', 'LOST') AND o.stage_changed_at < ")
            .push_bind(next);
    }
    if let Some(d) = f.closing_from {
        qb.push(" AND o.expected_close_date >= ").push_bind(d);
    }
    if let Some(d) = f.closing_to {
        qb.push(" AND o.expected_close_date <= ").push_bind(d);
    }
}

/// The opportunities the actor may read, filtered, one keyset page.
pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &OpportunityFilter,
    order: OpportunityOrder,
    now: DateTime<Utc>,
    req: &PageRequest,
) -> DomainResult<Page<Opportunity>> {
    let sort = order.key();
    let mut qb = QueryBuilder::new(format!("SELECT o.*, ({})::text AS sort_key", sort.expr));
    push_from(&mut qb, actor, filter, now);
    page::push_keyset(&mut qb, "o.id", sort, req);
    let rows: Vec<Keyed<Opportunity>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |o| o.id, req))
}

/// How many opportunities match (the connection's `totalCount`).
pub async fn count(
    pool: &PgPool,
    actor: &Actor,
    filter: &OpportunityFilter,
    now: DateTime<Utc>,
) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_from(&mut qb, actor, filter, now);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// The opportunities among `ids` the actor may read; the others are absent.
pub async fn by_ids(pool: &PgPool, actor: &Actor, ids: &[Uuid]) -> DomainResult<Vec<Opportunity>> {
    let mut qb = QueryBuilder::new("SELECT o.* FROM opportunities o WHERE o.id = ANY(");
    qb.push_bind(ids.to_vec()).push(")");
    push_opportunity_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// One opportunity if the actor may read it.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Opportunity>> {
    Ok(by_ids(pool, actor, &[id]).await?.into_iter().next())
}

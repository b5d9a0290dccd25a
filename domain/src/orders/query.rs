//! CON-3 reads: an order is visible within the actor's contract scope
//! (ORG-3: its owner and unit, the contract opportunity's team; finance
//! reads all); otherwise it is missing.

use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{Order, OrderLine, OrderStatus, push_order_scope};
use crate::error::DomainResult;
use crate::org::{Access, Actor};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

/// The filter of `orders`.
#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub status: Option<OrderStatus>,
    /// CON-3 "delivered / undelivered": true = DELIVERED only; false = the
    /// others except CANCELLED.
    pub delivered: Option<bool>,
}

/// Newest first.
const SORT: SortKey = SortKey {
    expr: "o.created_at",
    sql_type: "timestamptz",
    descending: true,
};

fn push_from(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &OrderFilter) {
    qb.push(" FROM orders o WHERE TRUE");
    push_order_scope(qb, actor, Access::Read);
    if let Some(v) = f.customer_id {
        qb.push(" AND o.customer_id = ").push_bind(v);
    }
    if let Some(v) = f.contract_id {
        qb.push(" AND o.contract_id = ").push_bind(v);
    }
    if let Some(s) = f.status {
        qb.push(" AND o.status = ").push_bind(s.as_str());
    }
    match f.delivered {
        Some(true) => {
            qb.push(" AND o.status = 'DELIVERED'");
        }
        Some(false) => {
            qb.push(" AND o.status NOT IN ('DELIVERED', 'CANCELLED')");
        }
        None => {}
    }
}

/// The orders the actor may read, filtered, newest first, one keyset page.
pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &OrderFilter,
    req: &PageRequest,
) -> DomainResult<Page<Order>> {
    let mut qb = QueryBuilder::new(format!("SELECT o.*, ({})::text AS sort_key", SORT.expr));
    push_from(&mut qb, actor, filter);
    page::push_keyset(&mut qb, "o.id", SORT, req);
    let rows: Vec<Keyed<Order>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |o| o.id, req))
}

/// How many orders match (the connection's `totalCount`).
pub async fn count(pool: &PgPool, actor: &Actor, filter: &OrderFilter) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_from(&mut qb, actor, filter);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// One order if the actor may read it.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Order>> {
    let mut qb = QueryBuilder::new("SELECT o.* FROM orders o WHERE o.id = ");
    qb.push_bind(id);
    push_order_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The lines of many orders, by order and position (visibility checked by
/// the caller).
pub async fn lines_of(pool: &PgPool, orders: &[Uuid]) -> DomainResult<Vec<OrderLine>> {
    Ok(sqlx::query_as(
        "SELECT * FROM order_lines WHERE order_id = ANY($1) ORDER BY order_id, position",
    )
    .bind(orders)
    .fetch_all(pool)
    .await?)
}

/// Number and status of contracts by id, for `Order.contract` (the order
/// is visible, and its contract reference with it).
pub async fn contract_refs(
    pool: &PgPool,
    ids: &[Uuid],
) -> DomainResult<Vec<(Uuid, String, String)>> {
    Ok(
        sqlx::query_as("SELECT id, number, status FROM contracts WHERE id = ANY($1)")
            .bind(ids)
            .fetch_all(pool)
            .await?,
    )
}

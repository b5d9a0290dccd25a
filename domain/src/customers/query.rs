//! CUS-1 reads: one customer, many by id (loaders), the filtered list.
//! All scoped by ORG-3 plus the public pool ([`push_customer_scope`]).

use chrono::NaiveDate;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::model::{Customer, CustomerStatus, Grade, SizeClass, Tier};
use super::push_customer_scope;
use super::revisit::RevisitPolicy;
use super::revisit_store;
use crate::error::DomainResult;
use crate::org::{Access, Actor};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

#[derive(Clone, Debug, Default)]
pub struct CustomerFilter {
    /// Part of the name (ILIKE), or with `fuzzy` trigram-similar (≥ 0.3).
    pub name: Option<String>,
    pub fuzzy: bool,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub grade: Option<Grade>,
    pub tier: Option<Tier>,
    pub status: Option<CustomerStatus>,
    pub region: Option<String>,
    pub owner_id: Option<Uuid>,
    pub key_account: Option<bool>,
    pub in_pool: Option<bool>,
    /// CUS-6: owned and the next revisit due before `today` (true), or not.
    pub revisit_overdue: Option<bool>,
    /// The company day the revisit filter and order are judged on.
    pub today: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CustomerOrder {
    #[default]
    Name,
    CreatedAt,
    LastInteraction,
    /// CUS-6 next revisit due, the expression of `overdue_revisits`.
    NextRevisitDue,
    /// Most similar first; used by a fuzzy name search.
    Similarity,
}

impl CustomerOrder {
    fn key(self, descending: bool) -> SortKey {
        let (expr, sql_type, descending) = match self {
            CustomerOrder::Name => ("c.name", "text", descending),
            CustomerOrder::CreatedAt => ("c.created_at", "timestamptz", descending),
            CustomerOrder::LastInteraction => (
                "COALESCE(c.last_interaction_at, '-infinity'::timestamptz)",
                "timestamptz",
                descending,
            ),
            CustomerOrder::NextRevisitDue => ("r.next_due", "date", descending),
            CustomerOrder::Similarity => ("similarity(c.name, q.q)", "real", true),
        };
        SortKey {
            expr,
            sql_type,
            descending,
        }
    }
}

fn like_pattern(s: &str) -> String {
    format!(
        "%{}%",
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// `WITH q` carries the fuzzy search text so the sort expression can name it.
/// `r.next_due` (CUS-6) is joined when `policy` is given.
fn push_from(
    qb: &mut QueryBuilder<Postgres>,
    actor: &Actor,
    f: &CustomerFilter,
    policy: Option<&RevisitPolicy>,
) {
    let search = f
        .name
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    qb.push(" FROM customers c, (SELECT ")
        .push_bind(search.clone())
        .push("::text AS q) q");
    if let Some(p) = policy {
        qb.push(" CROSS JOIN LATERAL (SELECT ");
        revisit_store::push_next_due(qb, p);
        qb.push(" AS next_due) r");
    }
    qb.push(" WHERE TRUE");
    push_customer_scope(qb, actor, Access::Read);
    if let (Some(over), Some(p), Some(today)) = (f.revisit_overdue, policy, f.today) {
        if !over {
            qb.push(" AND NOT (TRUE");
        }
        revisit_store::push_overdue(qb, p, today);
        if !over {
            qb.push(")");
        }
    }
    if !search.is_empty() {
        if f.fuzzy {
            qb.push(" AND c.name % q.q AND similarity(c.name, q.q) >= 0.3");
        } else {
            qb.push(" AND c.name ILIKE ")
                .push_bind(like_pattern(&search));
        }
    }
    let eq = |qb: &mut QueryBuilder<Postgres>, col: &str, v: Option<String>| {
        if let Some(v) = v {
            qb.push(format_args!(" AND {col} = ")).push_bind(v);
        }
    };
    eq(qb, "c.industry", f.industry.clone());
    eq(qb, "c.region", f.region.clone());
    eq(
        qb,
        "c.size_class",
        f.size_class.map(|v| v.as_str().to_owned()),
    );
    eq(qb, "c.grade", f.grade.map(|v| v.as_str().to_owned()));
    eq(qb, "c.tier", f.tier.map(|v| v.as_str().to_owned()));
    eq(qb, "c.status", f.status.map(|v| v.as_str().to_owned()));
    if let Some(o) = f.owner_id {
        qb.push(" AND c.owner_id = ").push_bind(o);
    }
    if let Some(k) = f.key_account {
        qb.push(" AND c.key_account = ").push_bind(k);
    }
    match f.in_pool {
        Some(true) => qb.push(" AND c.owner_id IS NULL"),
        Some(false) => qb.push(" AND c.owner_id IS NOT NULL"),
        None => qb,
    };
}

/// The revisit policy, read only when the filter or the order needs it.
async fn revisit_policy(
    pool: &PgPool,
    filter: &CustomerFilter,
    order: CustomerOrder,
) -> DomainResult<Option<RevisitPolicy>> {
    if filter.revisit_overdue.is_some() || order == CustomerOrder::NextRevisitDue {
        Ok(Some(revisit_store::policy(pool).await?))
    } else {
        Ok(None)
    }
}

pub async fn list_customers(
    pool: &PgPool,
    actor: &Actor,
    filter: &CustomerFilter,
    order: CustomerOrder,
    descending: bool,
    req: &PageRequest,
) -> DomainResult<Page<Customer>> {
    let sort = order.key(descending);
    let policy = revisit_policy(pool, filter, order).await?;
    let mut qb = QueryBuilder::new(format!("SELECT c.*, ({})::text AS sort_key", sort.expr));
    push_from(&mut qb, actor, filter, policy.as_ref());
    page::push_keyset(&mut qb, "c.id", sort, req);
    let rows: Vec<Keyed<Customer>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |c| c.id, req))
}

pub async fn count_customers(
    pool: &PgPool,
    actor: &Actor,
    filter: &CustomerFilter,
) -> DomainResult<i64> {
    let policy = revisit_policy(pool, filter, CustomerOrder::Name).await?;
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_from(&mut qb, actor, filter, policy.as_ref());
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

pub async fn get_customer(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<Customer>> {
    Ok(customers_by_ids(pool, actor, &[id])
        .await?
        .into_iter()
        .next())
}

/// The customers among `ids` the actor may read; the others are absent.
pub async fn customers_by_ids(
    pool: &PgPool,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Customer>> {
    let mut qb = QueryBuilder::new("SELECT c.* FROM customers c WHERE c.id = ANY(");
    qb.push_bind(ids.to_vec()).push(")");
    push_customer_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// One entry of a customer's owner history (CUS-3).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OwnerChange {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub reason: String,
    pub changed_by: Option<Uuid>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Owner histories of customers, oldest first; the caller has checked the
/// customers are visible.
pub async fn owner_histories(pool: &PgPool, customers: &[Uuid]) -> DomainResult<Vec<OwnerChange>> {
    Ok(sqlx::query_as(
        "SELECT * FROM customer_owner_history WHERE customer_id = ANY($1) ORDER BY at, id",
    )
    .bind(customers.to_vec())
    .fetch_all(pool)
    .await?)
}

/// ORG-4 visibility of the audit trail of a `CUSTOMER`, `CONTACT` or
/// `OWNERSHIP_DISPUTE`: its customer is within the actor's read scope.
pub async fn audit_visible(
    pool: &PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let sql = match entity {
        "CUSTOMER" => "SELECT id FROM customers WHERE id = $1",
        "CONTACT" => "SELECT customer_id FROM contacts WHERE id = $1",
        "OWNERSHIP_DISPUTE" => "SELECT customer_id FROM ownership_disputes WHERE id = $1",
        _ => return Ok(false),
    };
    let customer: Option<Uuid> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match customer {
        Some(c) => Ok(get_customer(pool, actor, c).await?.is_some()),
        None => Ok(false),
    }
}

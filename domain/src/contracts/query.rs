//! CON-1 reads: one contract, the filtered keyset list, plans in batch, and
//! the REC-8 credit check of a visible customer; all scoped by ORG-3.

use rust_decimal::Decimal;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::credit::{self, CreditCheck};
use super::{Contract, ContractStatus, Installment, push_contract_scope};
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

/// Filter of `contracts`.
#[derive(Clone, Debug, Default)]
pub struct ContractFilter {
    pub status: Option<ContractStatus>,
    pub customer_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    /// The number's year.
    pub year: Option<i32>,
    /// A part of the number or the title (case-insensitive).
    pub search: Option<String>,
}

impl ContractFilter {
    /// Checks the free-text parts.
    pub fn check(mut self) -> DomainResult<Self> {
        self.search = super::opt_text("search", self.search.as_deref(), 100)?;
        if self.year.is_some_and(|y| !(2000..=9999).contains(&y)) {
            return Err(DomainError::validation(
                "year",
                "must be between 2000 and 9999",
            ));
        }
        Ok(self)
    }
}

/// Newest first.
const SORT: SortKey = SortKey {
    expr: "c.created_at",
    sql_type: "timestamptz",
    descending: true,
};

fn push_from(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &ContractFilter) {
    qb.push(" FROM contracts c WHERE TRUE");
    push_contract_scope(qb, actor, Access::Read);
    if let Some(s) = f.status {
        qb.push(" AND c.status = ").push_bind(s.as_str());
    }
    if let Some(v) = f.customer_id {
        qb.push(" AND c.customer_id = ").push_bind(v);
    }
    if let Some(v) = f.opportunity_id {
        qb.push(" AND c.opportunity_id = ").push_bind(v);
    }
    if let Some(y) = f.year {
        qb.push(" AND c.number_year = ").push_bind(y);
    }
    if let Some(s) = &f.search {
        let pattern = format!(
            "%{}%",
            s.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        qb.push(" AND (c.number ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR c.title ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
}

/// The contracts the actor may read, filtered, newest first, one page.
pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &ContractFilter,
    req: &PageRequest,
) -> DomainResult<Page<Contract>> {
    let mut qb = QueryBuilder::new(format!("SELECT c.*, ({})::text AS sort_key", SORT.expr));
    push_from(&mut qb, actor, filter);
    page::push_keyset(&mut qb, "c.id", SORT, req);
    let rows: Vec<Keyed<Contract>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |c| c.id, req))
}

/// How many contracts match (the connection's `totalCount`).
pub async fn count(pool: &PgPool, actor: &Actor, filter: &ContractFilter) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_from(&mut qb, actor, filter);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// One contract if the actor may read it.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Contract>> {
    let mut qb = QueryBuilder::new("SELECT c.* FROM contracts c WHERE c.id = ");
    qb.push_bind(id);
    push_contract_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The plans of many contracts, by contract and position. The caller has
/// checked the contracts are visible.
pub async fn installments(pool: &PgPool, contracts: &[Uuid]) -> DomainResult<Vec<Installment>> {
    Ok(sqlx::query_as(
        "SELECT * FROM contract_installments WHERE contract_id = ANY($1) ORDER BY contract_id, position",
    )
    .bind(contracts.to_vec())
    .fetch_all(pool)
    .await?)
}

/// REC-8 `creditCheck`: the check of `amount` for a customer whose
/// receivables the actor sees — the scope of `creditStatus` (ORG-3), so a
/// pool customer's exposure is not every rep's to read; else NOT_FOUND.
pub async fn credit_check(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
    amount: Decimal,
) -> DomainResult<CreditCheck> {
    let amount = super::check_money("amount", amount)?;
    let mut conn = pool.acquire().await?;
    credit::require_receivable_scope(&mut conn, actor, customer).await?;
    credit::check(&mut conn, customer, amount, None, None).await
}
